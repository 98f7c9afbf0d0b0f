import type {
  ConsoleAnalytics,
  Experience,
  LinkCount,
  Page,
  QuestionGroup,
} from "@nexus-chat/protocol";
import { useMemo, useState } from "preact/hooks";
import { api, queryString } from "../api.js";
import { LineChart } from "../line-chart.js";
import { useLoad } from "../use-load.js";

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

const totalsLabels: Array<[keyof ConsoleAnalytics["totals"], string]> = [
  ["conversations", "Conversations"],
  ["questions", "Questions"],
  ["answered", "Answered"],
  ["notAnswered", "Not answered"],
  ["positive", "Rated helpful"],
  ["negative", "Rated not helpful"],
  ["handovers", "Hand-overs"],
  ["linkClicks", "Link clicks"],
];

function Groups({ title, page }: { title: string; page: Page<QuestionGroup> | undefined }) {
  return (
    <section class="panel">
      <h2>{title}</h2>
      {page && page.items.length === 0 && <p>None in this range.</p>}
      {page && page.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Times asked</th>
              <th scope="col">Also asked as</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((group) => (
              <tr key={group.question}>
                <td>{group.question}</td>
                <td>{group.count}</td>
                <td>{group.variants.join(" · ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && page.total > page.items.length && (
        <p class="meta">
          {page.items.length} of {page.total} groups shown.
        </p>
      )}
    </section>
  );
}

export function AnalyticsPage() {
  const [range, setRange] = useState({ from: daysAgo(29), to: daysAgo(0), assistantId: "" });
  const query = queryString(range);
  const assistants = useLoad(() => api<Experience[]>("GET", "/assistants"), "assistants");
  const analytics = useLoad(() => api<ConsoleAnalytics>("GET", `/analytics${query}`), query);
  const unanswered = useLoad(
    () =>
      api<Page<QuestionGroup>>("GET", `/analytics/unanswered${query}${query ? "&" : "?"}limit=20`),
    query,
  );
  const top = useLoad(
    () => api<Page<QuestionGroup>>("GET", `/analytics/top-questions${query}`),
    query,
  );
  const links = useLoad(() => api<Page<LinkCount>>("GET", `/analytics/top-links${query}`), query);
  const data = analytics.data;
  const days = useMemo(() => data?.days.map((day) => day.date) ?? [], [data]);
  const activity = useMemo(
    () =>
      data
        ? [
            {
              label: "Conversations",
              values: data.days.map((d) => d.conversations),
              colour: "#2563eb",
            },
            { label: "Questions", values: data.days.map((d) => d.questions), colour: "#7c3aed" },
            { label: "Answered", values: data.days.map((d) => d.answered), colour: "#059669" },
            {
              label: "Not answered",
              values: data.days.map((d) => d.notAnswered),
              colour: "#dc2626",
            },
          ]
        : [],
    [data],
  );
  const outcomes = useMemo(
    () =>
      data
        ? [
            { label: "Helpful", values: data.days.map((d) => d.positive), colour: "#059669" },
            { label: "Not helpful", values: data.days.map((d) => d.negative), colour: "#dc2626" },
            { label: "Hand-overs", values: data.days.map((d) => d.handovers), colour: "#d97706" },
            { label: "Link clicks", values: data.days.map((d) => d.linkClicks), colour: "#2563eb" },
          ]
        : [],
    [data],
  );
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setRange({
      from: String(form.get("from") ?? ""),
      to: String(form.get("to") ?? ""),
      assistantId: String(form.get("assistantId") ?? ""),
    });
  };
  return (
    <section>
      <h1>Analytics</h1>
      <form class="filters" onSubmit={apply}>
        <label>
          From <input type="date" name="from" value={range.from} />
        </label>
        <label>
          To <input type="date" name="to" value={range.to} />
        </label>
        <label>
          Assistant
          <select name="assistantId" value={range.assistantId}>
            <option value="">All</option>
            {assistants.data?.map((assistant) => (
              <option key={assistant.id} value={assistant.id}>
                {assistant.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      {analytics.error && (
        <p class="error" role="alert">
          {analytics.error}
        </p>
      )}
      {data && (
        <>
          <dl class="totals">
            {totalsLabels.map(([key, label]) => (
              <div key={key} data-total={key}>
                <dt>{label}</dt>
                <dd>{data.totals[key]}</dd>
              </div>
            ))}
          </dl>
          <div class="charts">
            <LineChart title="Conversations and questions per day" days={days} series={activity} />
            <LineChart
              title="Feedback, hand-overs and link clicks per day"
              days={days}
              series={outcomes}
            />
          </div>
        </>
      )}
      <Groups title="Unanswered questions (content gaps)" page={unanswered.data} />
      <Groups title="Top questions" page={top.data} />
      <section class="panel">
        <h2>Most clicked links</h2>
        {links.data && links.data.items.length === 0 && <p>None in this range.</p>}
        <ul>
          {links.data?.items.map((link) => (
            <li key={link.href}>
              {link.text} <span class="meta">({link.href})</span>: {link.count}
            </li>
          ))}
        </ul>
      </section>
      <section class="panel">
        <h2>Widget events</h2>
        {data && data.widgetEvents.length === 0 && <p>None in this range.</p>}
        <ul>
          {data?.widgetEvents.map((event) => (
            <li key={event.name}>
              <code>{event.name}</code>: {event.count}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
