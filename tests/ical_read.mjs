// Read iCalendar files with ical.js, the parser inside Thunderbird, and print what it sees
// as JSON: one entry per calendar, in the order given. Input on stdin: a JSON list of
// calendar texts. A calendar ical.js cannot read makes the script exit non-zero.
import ICAL from "ical.js";

function time(value) {
  if (!value) { return null; }
  return {
    date: value.isDate,
    local: value.toString(),
    zone: value.isDate ? null : value.zone.tzid,
    utc: value.isDate ? null : value.toJSDate().toISOString(),
  };
}

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null ? null : String(value);
}

function read(source) {
  const calendar = new ICAL.Component(ICAL.parse(source));
  ICAL.TimezoneService.reset();
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const rule = component.getFirstPropertyValue("rrule");
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      location: event.location,
      status: text(component, "status"),
      sequence: event.sequence,
      url: text(component, "url"),
      dtstamp: time(component.getFirstPropertyValue("dtstamp")),
      start: time(event.startDate),
      end: time(event.endDate),
      rrule: rule ? rule.toString() : null,
    };
  });
  return {
    prodid: text(calendar, "prodid"),
    name: text(calendar, "name") ?? text(calendar, "x-wr-calname"),
    timezones: calendar.getAllSubcomponents("vtimezone").map((zone) => zone.getFirstPropertyValue("tzid")),
    events,
  };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(read);
  process.stdout.write(JSON.stringify(results));
});
