// Read iCalendar files with ical.js, the parser inside Thunderbird, and print what it sees as
// JSON, in the shape every reader in this folder prints (see README.md).
//
//   node icaljs_read.mjs FIRST LAST [FIRST LAST ...] -- FILE...
//
// Each feed's VTIMEZONE blocks are registered before its events are read, as Thunderbird does
// on import, and the times are resolved with them; recurrences are expanded by ical.js's own
// iterator. Whatever it throws is a problem of the file.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const windows = [];
for (let i = 0; i < split; i += 2) {
  windows.push([args[i], args[i + 1]]);
}
const files = args.slice(split + 1);
const end = windows.map(([, last]) => last).sort().at(-1);

function show(time) {
  return time.isDate ? time.toString() : time.toJSDate().toISOString().replace(".000Z", "Z");
}

function inWindow(time) {
  const shown = show(time);
  return windows.some(([first, last]) => shown.slice(0, 10) >= first && shown.slice(0, 10) < last);
}

function occurrences(event) {
  const found = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (next.toString().slice(0, 10) > end) {
      break;
    }
    const details = event.getOccurrenceDetails(next);
    if (inWindow(details.startDate)) {
      found.push([show(details.startDate), show(details.endDate)]);
    }
  }
  return found;
}

function read(path) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  ICAL.TimezoneService.reset();
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  return calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      status: component.getFirstPropertyValue("status"),
      start: show(event.startDate),
      end: show(event.endDate),
      occurrences: event.isRecurring() ? occurrences(event) : null,
    };
  });
}

const results = files.map((path) => {
  try {
    return { events: read(path), problems: [] };
  } catch (error) {
    return { events: [], problems: [String(error)] };
  }
});
process.stdout.write(JSON.stringify(results));
