import type {
  ConsoleDocument,
  ConsolePassage,
  ConsoleWebImport,
  ConsoleWebImportRequest,
  Experience,
  IngestionJob,
  Page,
  WebSource,
} from "@nexus-chat/protocol";
import { useState } from "preact/hooks";
import { api, queryString, session } from "../api.js";
import { navigate } from "../route.js";
import { useLoad } from "../use-load.js";
import { Pager } from "./conversations-page.js";
import { followJob, jobShare, jobStatus, WebImportForm, WebSources } from "./web-sources.js";

const pageSize = 20;

interface Upload {
  name: string;
  /** 0 to 1: the bytes sent. */
  sent: number;
  /** A web import whose pages are being fetched (before its job exists). */
  fetching?: boolean;
  /** Pages of a web import that could not be read. */
  skipped?: number;
  job?: IngestionJob;
  error?: string;
}

/** Sends one file with its own progress (XMLHttpRequest reports upload progress; fetch does not). */
function uploadFile(
  assistantId: string,
  file: File,
  onProgress: (sent: number) => void,
): Promise<IngestionJob> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `/api/v2/console/assistants/${encodeURIComponent(assistantId)}/documents`);
    request.setRequestHeader("x-csrf-token", session.value?.csrfToken ?? "");
    request.upload.onprogress = (event) =>
      event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      const body = JSON.parse(request.responseText || "{}") as IngestionJob & { message?: string };
      if (request.status === 202) resolve(body);
      else reject(new Error(body.message ?? `The server answered ${request.status}.`));
    };
    request.onerror = () => reject(new Error("The upload failed."));
    const form = new FormData();
    form.append("files", file, file.name);
    request.send(form);
  });
}

function Passages({ assistantId, documentId }: { assistantId: string; documentId: string }) {
  const { data } = useLoad(
    () =>
      api<ConsolePassage[]>("GET", `/assistants/${assistantId}/documents/${documentId}/passages`),
    documentId,
  );
  return (
    <ol class="passages">
      {data?.map((passage) => (
        <li key={passage.passageId}>
          <strong>{passage.heading}</strong>
          <p>{passage.body}</p>
        </li>
      ))}
    </ol>
  );
}

function Documents({ assistantId, round }: { assistantId: string; round: number }) {
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | undefined>();
  const query = queryString({ search, offset, limit: pageSize });
  const list = useLoad(
    () => api<Page<ConsoleDocument>>("GET", `/assistants/${assistantId}/documents${query}`),
    `${assistantId}${query}${round}`,
  );
  const remove = async (document: ConsoleDocument) => {
    if (!confirm(`Delete "${document.title}" and its passages?`)) return;
    await api("DELETE", `/assistants/${assistantId}/documents/${document.documentId}`);
    list.reload();
  };
  // Re-index: the search index built again from the stored passages (after an index was lost or
  // its settings changed), followed live like an upload.
  const [reindexing, setReindexing] = useState<{ what: string; job: IngestionJob }>();
  const reindex = async (what: string, path: string) => {
    let job = await api<IngestionJob>("POST", path);
    setReindexing({ what, job });
    while (job.status === "queued" || job.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 300));
      job = await api<IngestionJob>("GET", `/jobs/${job.jobId}`);
      setReindexing({ what, job });
    }
  };
  return (
    <section class="panel">
      <h2>Documents</h2>
      <p class="reindex" aria-live="polite">
        <button
          type="button"
          onClick={() => void reindex("the knowledge base", `/assistants/${assistantId}/reindex`)}
        >
          Re-index all
        </button>{" "}
        {reindexing &&
          (reindexing.job.status === "completed"
            ? `Re-indexed ${reindexing.what}: ${reindexing.job.passages} passages.`
            : reindexing.job.status === "failed"
              ? `Re-indexing ${reindexing.what} failed.`
              : `Re-indexing ${reindexing.what}: ${reindexing.job.processed}/${reindexing.job.total}`)}
      </p>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget as HTMLFormElement);
          setOffset(0);
          setSearch(String(form.get("search") ?? ""));
        }}
      >
        <label>
          Search documents <input type="search" name="search" value={search} />
        </label>
        <button type="submit">Search</button>
      </form>
      {list.data && (
        <>
          <p>{list.data.total} documents</p>
          <ul class="documents">
            {list.data.items.map((document) => (
              <li key={document.documentId}>
                <span class="title">{document.title}</span>{" "}
                <span class="meta">
                  {document.externalId ?? document.format} · {document.passages} passages
                </span>{" "}
                <button
                  type="button"
                  aria-expanded={open === document.documentId}
                  onClick={() =>
                    setOpen(open === document.documentId ? undefined : document.documentId)
                  }
                >
                  Passages
                </button>{" "}
                <button
                  type="button"
                  aria-label={`Re-index ${document.title}`}
                  onClick={() =>
                    void reindex(
                      `"${document.title}"`,
                      `/assistants/${assistantId}/documents/${document.documentId}/reindex`,
                    )
                  }
                >
                  Re-index
                </button>{" "}
                <button type="button" onClick={() => void remove(document)}>
                  Delete
                </button>
                {open === document.documentId && (
                  <Passages assistantId={assistantId} documentId={document.documentId} />
                )}
              </li>
            ))}
          </ul>
          <Pager total={list.data.total} offset={offset} size={pageSize} onChange={setOffset} />
        </>
      )}
    </section>
  );
}

export function KnowledgePage({ assistantId }: { assistantId: string | undefined }) {
  const assistants = useLoad(() => api<Experience[]>("GET", "/assistants"), "assistants");
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [round, setRound] = useState(0);
  const current = assistantId ?? assistants.data?.[0]?.id;

  const update = (index: number, change: Partial<Upload>) =>
    setUploads((list) =>
      list.map((upload, at) => (at === index ? { ...upload, ...change } : upload)),
    );

  const follow = async (index: number, job: IngestionJob) => {
    await followJob(job, (latest) => update(index, { job: latest }));
    setRound((value) => value + 1);
  };

  // A web import: its pages are fetched by the server before its job starts; then it is
  // followed like an upload.
  const [sourcesRound, setSourcesRound] = useState(0);
  const importPages = (label: string, request: ConsoleWebImportRequest) => {
    if (!current) return;
    const index = uploads.length;
    setUploads((list) => [...list, { name: label, sent: 0, fetching: true }]);
    api<ConsoleWebImport>("POST", `/assistants/${current}/web`, request).then(
      ({ job, skipped }) => {
        update(index, { fetching: false, sent: 1, job, skipped: skipped.length });
        void follow(index, job);
      },
      (failure: Error) => update(index, { fetching: false, error: failure.message }),
    );
  };
  const schedule = async (request: ConsoleWebImportRequest & { intervalMinutes: number }) => {
    if (!current) return;
    await api<WebSource>("POST", `/assistants/${current}/web-sources`, request);
    setSourcesRound((value) => value + 1);
  };

  const send = (files: FileList | File[]) => {
    if (!current) return;
    const start = uploads.length;
    const added = [...files].map((file) => ({ name: file.name, sent: 0 }));
    setUploads((list) => [...list, ...added]);
    [...files].forEach((file, offset) => {
      const index = start + offset;
      uploadFile(current, file, (sent) => update(index, { sent })).then(
        (job) => {
          update(index, { sent: 1, job });
          void follow(index, job);
        },
        (failure: Error) => update(index, { error: failure.message }),
      );
    });
  };

  return (
    <section>
      <h1>Knowledge base</h1>
      <label>
        Assistant
        <select
          value={current}
          onChange={(event) =>
            navigate("knowledge", (event.currentTarget as HTMLSelectElement).value)
          }
        >
          {assistants.data?.map((assistant) => (
            <option key={assistant.id} value={assistant.id}>
              {assistant.name}
            </option>
          ))}
        </select>
      </label>
      {current && (
        <>
          <div
            class={`drop-zone${dragging ? " dragging" : ""}`}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(event) => {
              event.preventDefault();
              setDragging(false);
              if (event.dataTransfer?.files) send(event.dataTransfer.files);
            }}
          >
            <p>Drop markdown, HTML, text, PDF or DOCX files here, or</p>
            <label class="file-button">
              Choose files
              <input
                type="file"
                multiple
                accept=".md,.markdown,.html,.htm,.txt,.pdf,.docx"
                onChange={(event) => {
                  const input = event.currentTarget as HTMLInputElement;
                  if (input.files) send(input.files);
                  input.value = "";
                }}
              />
            </label>
          </div>
          <WebImportForm onImport={importPages} onSchedule={schedule} />
          {uploads.length > 0 && (
            <ul class="uploads" aria-live="polite">
              {uploads.map((upload, index) => (
                <li key={index}>
                  <span>{upload.name}</span>
                  <progress
                    max={1}
                    value={
                      upload.job ? jobShare(upload.job) : upload.fetching ? undefined : upload.sent
                    }
                    aria-label={`${upload.name} progress`}
                  />
                  <span class="status">
                    {upload.error
                      ? upload.error
                      : upload.job
                        ? jobStatus(upload.job) +
                          (upload.skipped ? ` (${upload.skipped} pages skipped)` : "")
                        : upload.fetching
                          ? "fetching pages…"
                          : `uploading ${Math.round(upload.sent * 100)} %`}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <WebSources
            assistantId={current}
            round={sourcesRound}
            onImported={() => setRound((value) => value + 1)}
          />
          <Documents assistantId={current} round={round} />
        </>
      )}
    </section>
  );
}
