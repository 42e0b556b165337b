# Read iCalendar files with Ruby's icalendar gem (Debian's ruby-icalendar) and print what it
# sees as JSON, in the shape every reader in this folder prints (see README.md).
#
#   ruby ruby_read.rb strict|lenient FIRST LAST [FIRST LAST ...] -- FILE...
#
# The gem turns a time with a TZID into a time with an offset while it parses, with the feed's
# VTIMEZONE (Icalendar::Timezone#offset_for_local). Recurrences are expanded by ice_cube, the
# gem's own dependency, in wall-clock time, and each occurrence is placed with that VTIMEZONE.
# Anything the gem raises is reported as a problem of the file.
require "date"
require "json"
require "stringio" # the gem uses StringIO without requiring it
require "icalendar"

mode, *rest = ARGV
split = rest.index("--") or abort("usage: ruby_read.rb strict|lenient FIRST LAST ... -- FILE...")
windows = rest[0...split].each_slice(2).map { |first, last| [Date.iso8601(first), Date.iso8601(last)] }
files = rest[(split + 1)..]
strict = { "strict" => true, "lenient" => false }.fetch(mode)

def date?(value)
  value.is_a?(Icalendar::Values::Date)
end

def show(time)
  time.is_a?(Date) && !time.is_a?(DateTime) ? time.iso8601 : time.to_time.getutc.strftime("%Y-%m-%dT%H:%M:%SZ")
end

def seconds(offset)
  text = offset.to_s.delete(":")
  sign = text.start_with?("-") ? -1 : 1
  sign * (text[1, 2].to_i * 3600 + text[3, 2].to_i * 60 + text[5, 2].to_i)
end

# The wall-clock fields of a time, as a UTC Time (the form the gem's time zone code takes).
def wall(time)
  Time.utc(time.year, time.month, time.day, time.hour, time.min, time.sec)
end

def occurrences(event, zone, windows)
  rule = IceCube::Rule.from_ical(event.rrule.first.value_ical)
  start, finish = event.dtstart.value, event.dtend.value
  if date?(event.dtstart)
    first = Time.utc(start.year, start.month, start.day)
    days = (finish - start).to_i
    schedule = IceCube::Schedule.new(first) { |s| s.add_recurrence_rule(rule) }
    windows.flat_map do |low, high|
      schedule.occurrences_between(Time.utc(low.year, low.month, low.day),
                                   Time.utc(high.year, high.month, high.day) - 1).map do |day|
        [day.to_date.iso8601, (day.to_date + days).iso8601]
      end
    end
  else
    length = finish.to_time - start.to_time # RFC 5545 §3.8.5.3: the exact duration
    schedule = IceCube::Schedule.new(wall(start)) { |s| s.add_recurrence_rule(rule) }
    windows.flat_map do |low, high|
      schedule.occurrences_between(Time.utc(low.year, low.month, low.day) - 86_400,
                                   Time.utc(high.year, high.month, high.day) + 86_400).filter_map do |local|
        offset = zone ? seconds(zone.offset_for_local(local.to_datetime)) : 0
        instant = local - offset
        next unless instant >= Time.utc(low.year, low.month, low.day) &&
                    instant < Time.utc(high.year, high.month, high.day)

        [show(instant), show(instant + length)]
      end
    end
  end
end

def read(source, strict, windows)
  calendars = Icalendar::Parser.new(source, strict).parse
  calendar = calendars.first
  zones = calendar.timezones.to_h { |zone| [zone.tzid.to_s, zone] }
  calendar.events.map do |event|
    tzid = event.dtstart.ical_params["tzid"]
    zone = tzid && zones[Array(tzid).first.to_s]
    {
      uid: event.uid.to_s,
      status: event.status.to_s,
      start: show(event.dtstart.value),
      end: show(event.dtend.value),
      occurrences: event.rrule.empty? ? nil : occurrences(event, zone, windows),
    }
  end
end

results = files.map do |path|
  begin
    { events: read(File.read(path, encoding: "UTF-8"), strict, windows), problems: [] }
  rescue StandardError => e
    { events: [], problems: ["#{e.class}: #{e.message.lines.first.to_s.strip}"] }
  end
end
puts JSON.generate(results)
