/* Read iCalendar files with libical 3 (the library of Evolution and GNOME Calendar) and print
 * what it sees as JSON, in the shape every reader in this folder prints (see README.md).
 *
 *   libical_read FIRST LAST [FIRST LAST ...] -- FILE...
 *
 * FIRST/LAST (YYYY-MM-DD) bound the windows in which recurrences are expanded, LAST excluded.
 * Times with a TZID are resolved with the feed's own VTIMEZONE, never with a zone libical
 * knows by name; recurrences are expanded by libical's icalrecur_iterator. Every X-LIC-ERROR
 * property libical adds while parsing is reported as a problem of the file.
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_WINDOWS 8

static struct icaltimetype window_first[MAX_WINDOWS], window_last[MAX_WINDOWS];
static int windows = 0;

static void print_string(const char *text)
{
    putchar('"');
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '"' || *c == '\\') {
            printf("\\%c", *c);
        } else if (*c < 0x20) {
            printf("\\u%04x", *c);
        } else {
            putchar(*c);
        }
    }
    putchar('"');
}

/* A date as YYYY-MM-DD, a date-time as the UTC instant YYYY-MM-DDTHH:MM:SSZ. */
static void print_time(struct icaltimetype time)
{
    if (time.is_date) {
        printf("\"%04d-%02d-%02d\"", time.year, time.month, time.day);
        return;
    }
    struct icaltimetype utc = icaltime_convert_to_zone(time, icaltimezone_get_utc_timezone());
    printf("\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", utc.year, utc.month, utc.day, utc.hour,
           utc.minute, utc.second);
}

static int in_a_window(struct icaltimetype time)
{
    struct icaltimetype moment = time;
    if (!time.is_date) {
        moment = icaltime_convert_to_zone(time, icaltimezone_get_utc_timezone());
    }
    for (int i = 0; i < windows; i++) {
        if (icaltime_compare_date_only(moment, window_first[i]) >= 0 &&
            icaltime_compare_date_only(moment, window_last[i]) < 0) {
            return 1;
        }
    }
    return 0;
}

/* The problems of the file being read, printed after its events. */
static const char *problems[256];
static int problem_count;

static void problem(const char *text)
{
    if (problem_count < 256) {
        problems[problem_count++] = strdup(text);
    }
}

static void report_errors(icalcomponent *component)
{
    for (icalproperty *p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY);
         p; p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
        problem(icalproperty_get_xlicerror(p));
    }
    for (icalcomponent *c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
        report_errors(c);
    }
}

/* DTSTART or DTEND of an event, in the feed's own time zone if it names one (else NULL). */
static struct icaltimetype when(icalcomponent *calendar, icalproperty *property, int *unknown)
{
    struct icaltimetype time = icalvalue_get_datetime(icalproperty_get_value(property));
    icalparameter *tzid = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER);
    if (tzid != NULL) {
        icaltimezone *zone = icalcomponent_get_timezone(calendar, icalparameter_get_tzid(tzid));
        if (zone == NULL) {
            *unknown = 1;
        }
        time = icaltime_set_timezone(&time, zone);
    }
    return time;
}

static void read_event(icalcomponent *calendar, icalcomponent *event, int first)
{
    int unknown = 0;
    icalproperty *dtstart = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
    icalproperty *dtend = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY);
    icalproperty *rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY);
    if (dtstart == NULL || dtend == NULL) {
        problem("an event without DTSTART or DTEND");
        printf("%snull", first ? "" : ",");
        return;
    }
    struct icaltimetype start = when(calendar, dtstart, &unknown);
    struct icaltimetype end = when(calendar, dtend, &unknown);
    if (unknown) {
        problem("a TZID without its VTIMEZONE");
    }
    printf("%s{\"uid\":", first ? "" : ",");
    print_string(icalcomponent_get_uid(event));
    printf(",\"status\":");
    print_string(icalproperty_status_to_string(icalcomponent_get_status(event)));
    printf(",\"start\":");
    print_time(start);
    printf(",\"end\":");
    print_time(end);
    printf(",\"occurrences\":");
    if (rrule == NULL) {
        printf("null}");
        return;
    }
    /* RFC 5545 §3.8.5.3: every occurrence lasts exactly as long as the first */
    int all_day = start.is_date;
    time_t length = all_day ? icaltime_as_timet(end) - icaltime_as_timet(start)
                            : icaltime_as_timet_with_zone(end, end.zone) -
                                  icaltime_as_timet_with_zone(start, start.zone);
    icalrecur_iterator *iterator = icalrecur_iterator_new(icalproperty_get_rrule(rrule), start);
    struct icaltimetype last = window_last[windows - 1];
    int listed = 0;
    putchar('[');
    for (struct icaltimetype next = icalrecur_iterator_next(iterator);
         !icaltime_is_null_time(next); next = icalrecur_iterator_next(iterator)) {
        next = icaltime_set_timezone(&next, start.zone);
        if (icaltime_compare_date_only(next, last) > 0) {
            break;
        }
        if (!in_a_window(next)) {
            continue;
        }
        struct icaltimetype finish;
        if (all_day) {
            finish = icaltime_from_timet_with_zone(icaltime_as_timet(next) + length, 1, NULL);
        } else {
            time_t instant = icaltime_as_timet_with_zone(next, next.zone) + length;
            finish = icaltime_from_timet_with_zone(instant, 0, icaltimezone_get_utc_timezone());
        }
        printf("%s[", listed++ ? "," : "");
        print_time(next);
        putchar(',');
        print_time(finish);
        putchar(']');
    }
    icalrecur_iterator_free(iterator);
    printf("]}");
}

static char *read_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return NULL;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *text = malloc(size + 1);
    size_t got = fread(text, 1, size, file);
    text[got] = '\0';
    fclose(file);
    return text;
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i + 1 < argc && strcmp(argv[i], "--") != 0 && windows < MAX_WINDOWS; i += 2) {
        window_first[windows] = icaltime_from_string(argv[i]);
        window_last[windows] = icaltime_from_string(argv[i + 1]);
        windows++;
    }
    if (windows == 0 || i >= argc || strcmp(argv[i], "--") != 0) {
        fprintf(stderr, "usage: %s FIRST LAST [FIRST LAST ...] -- FILE...\n", argv[0]);
        return 2;
    }
    putchar('[');
    for (int f = i + 1; f < argc; f++) {
        char *text = read_file(argv[f]);
        if (text == NULL) {
            perror(argv[f]);
            return 1;
        }
        printf("%s{\"events\":[", f > i + 1 ? "," : "");
        problem_count = 0;
        icalcomponent *calendar = icalparser_parse_string(text);
        if (calendar == NULL) {
            problem("libical could not parse the file");
        } else {
            report_errors(calendar);
            int first = 1;
            for (icalcomponent *event =
                     icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
                 event; event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
                read_event(calendar, event, first);
                first = 0;
            }
            icalcomponent_free(calendar);
        }
        printf("],\"problems\":[");
        for (int p = 0; p < problem_count; p++) {
            printf("%s", p ? "," : "");
            print_string(problems[p]);
            free((void *)problems[p]);
        }
        printf("]}");
        free(text);
    }
    printf("]\n");
    return 0;
}
