// Read iCalendar files with node-ical (npm) and print what it sees as JSON, in the shape every
// reader in this folder prints (see README.md).
//
//   node node_ical_read.mjs FIRST LAST [FIRST LAST ...] -- FILE...
//
// node-ical gives every time as a JavaScript Date; an all-day date is local midnight, so the
// tests run it with TZ=Europe/Berlin, like a subscriber in Germany. Recurrences are expanded
// with its own expandRecurringEvent (rrule-temporal). Whatever it throws is a problem of the file.
import { readFileSync } from "node:fs";
import ical from "node-ical";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const windows = [];
for (let i = 0; i < split; i += 2) {
  windows.push([args[i], args[i + 1]]);
}
const files = args.slice(split + 1);

const pad = (number) => String(number).padStart(2, "0");

function day(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function show(date, allDay) {
  return allDay ? day(date) : date.toISOString().replace(".000Z", "Z");
}

function inWindow(date, allDay) {
  return windows.some(([first, last]) => {
    if (allDay) {
      return day(date) >= first && day(date) < last;
    }
    return date >= new Date(`${first}T00:00:00Z`) && date < new Date(`${last}T00:00:00Z`);
  });
}

function occurrences(event, allDay) {
  const found = [];
  for (const [first, last] of windows) {
    // a day more on both sides; the window itself is applied below, as the other readers do
    const from = new Date(new Date(`${first}T00:00:00Z`).getTime() - 86400000);
    const to = new Date(new Date(`${last}T00:00:00Z`).getTime() + 86400000);
    for (const instance of ical.expandRecurringEvent(event, { from, to })) {
      if (inWindow(instance.start, allDay)) {
        found.push([show(instance.start, allDay), show(instance.end, allDay)]);
      }
    }
  }
  return found;
}

function read(path) {
  const data = ical.sync.parseICS(readFileSync(path, "utf8"));
  return Object.values(data)
    .filter((component) => component.type === "VEVENT")
    .map((event) => {
      const allDay = event.datetype === "date";
      return {
        uid: event.uid,
        status: event.status ?? null,
        start: show(event.start, allDay),
        end: show(event.end, allDay),
        occurrences: event.rrule ? occurrences(event, allDay) : null,
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
