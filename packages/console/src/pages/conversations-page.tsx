import type { ConversationSummary, Experience, Page } from "@nexus-chat/protocol";
import { useState } from "preact/hooks";
import { api, queryString } from "../api.js";
import { useLoad } from "../use-load.js";

const pageSize = 25;

interface Filters {
  from: string;
  to: string;
  assistantId: string;
  rating: string;
  handover: string;
  notAnswered: boolean;
  search: string;
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export function ConversationsPage() {
  const [filters, setFilters] = useState<Filters>({
    from: daysAgo(30),
    to: daysAgo(0),
    assistantId: "",
    rating: "",
    handover: "",
    notAnswered: false,
    search: "",
  });
  const [offset, setOffset] = useState(0);
  // Pages after the first are asked for by cursor (where the previous page ended), so a deep
  // page costs what the first does; cursors[k] starts page k + 1.
  const [cursors, setCursors] = useState<string[]>([]);
  const pageIndex = offset / pageSize;
  const after = pageIndex > 0 ? cursors[pageIndex - 1] : undefined;
  const query = queryString({ ...filters, offset, limit: pageSize, after });
  const assistants = useLoad(() => api<Experience[]>("GET", "/assistants"), "assistants");
  const list = useLoad(
    () => api<Page<ConversationSummary>>("GET", `/conversations${query}`),
    query,
  );
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setOffset(0);
    setCursors([]);
    setFilters({
      from: String(form.get("from") ?? ""),
      to: String(form.get("to") ?? ""),
      assistantId: String(form.get("assistantId") ?? ""),
      rating: String(form.get("rating") ?? ""),
      handover: String(form.get("handover") ?? ""),
      notAnswered: form.get("notAnswered") === "on",
      search: String(form.get("search") ?? ""),
    });
  };
  const exportQuery = queryString({ ...filters });
  const page = list.data;
  return (
    <section>
      <h1>Conversations</h1>
      <form class="filters" onSubmit={apply}>
        <label>
          From <input type="date" name="from" value={filters.from} />
        </label>
        <label>
          To <input type="date" name="to" value={filters.to} />
        </label>
        <label>
          Assistant
          <select name="assistantId" value={filters.assistantId}>
            <option value="">All</option>
            {assistants.data?.map((assistant) => (
              <option key={assistant.id} value={assistant.id}>
                {assistant.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rating
          <select name="rating" value={filters.rating}>
            <option value="">Any</option>
            <option value="positive">Rated helpful</option>
            <option value="negative">Rated not helpful</option>
          </select>
        </label>
        <label>
          Hand-over
          <select name="handover" value={filters.handover}>
            <option value="">Any</option>
            <option value="true">Asked for a person</option>
            <option value="false">No hand-over</option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="notAnswered" checked={filters.notAnswered} /> Not answered
        </label>
        <label>
          Search <input type="search" name="search" value={filters.search} />
        </label>
        <button type="submit">Apply</button>
      </form>
      <p class="actions">
        <a
          href={`/api/v2/console/conversations/export${queryString({ ...filters, format: "csv" })}`}
          download
        >
          Export CSV
        </a>{" "}
        <a
          href={`/api/v2/console/conversations/export${exportQuery ? `${exportQuery}&` : "?"}format=json`}
          download
        >
          Export JSON
        </a>
      </p>
      {list.error && (
        <p class="error" role="alert">
          {list.error}
        </p>
      )}
      {page && (
        <>
          <p aria-live="polite">
            {page.totalIsLowerBound ? `More than ${page.total}` : page.total} conversation
            {page.total === 1 && !page.totalIsLowerBound ? "" : "s"}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Assistant</th>
                <th scope="col">First question</th>
                <th scope="col">Questions</th>
                <th scope="col">Helpful</th>
                <th scope="col">Not helpful</th>
                <th scope="col">Not answered</th>
                <th scope="col">Hand-over</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.sessionId}>
                  <td>{new Date(item.createdAt).toLocaleString()}</td>
                  <td>{item.assistantId}</td>
                  <td>
                    <a href={`#/conversations/${item.sessionId}`}>
                      {item.firstQuestion ?? "(no question)"}
                    </a>
                  </td>
                  <td>{item.questions}</td>
                  <td>{item.positive}</td>
                  <td>{item.negative}</td>
                  <td>{item.notAnswered}</td>
                  <td>{item.handover ? "Yes" : "No"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            total={page.total}
            more={page.totalIsLowerBound === true && page.nextCursor !== null}
            offset={offset}
            size={pageSize}
            onChange={(next) => {
              if (next > offset && page.nextCursor)
                setCursors([...cursors.slice(0, pageIndex), page.nextCursor]);
              setOffset(next);
            }}
          />
        </>
      )}
    </section>
  );
}

/** Previous and next buttons for a paged list. */
export function Pager(props: {
  total: number;
  /** Pages go on past `total`, which is where counting stopped. */
  more?: boolean;
  offset: number;
  size: number;
  onChange(offset: number): void;
}) {
  const { total, more = false, offset, size, onChange } = props;
  if (total <= size && !more) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <button
        type="button"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - size))}
      >
        Previous
      </button>
      <span>
        {offset + 1}–{more ? offset + size : Math.min(total, offset + size)} of{" "}
        {more ? `more than ${total}` : total}
      </span>
      <button
        type="button"
        disabled={more ? false : offset + size >= total}
        onClick={() => onChange(offset + size)}
      >
        Next
      </button>
    </nav>
  );
}
