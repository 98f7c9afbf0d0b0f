// A stand-in for the widget, for the bench's "floor" figures (see bench/RESULTS.md): the least a
// script-tag chat widget can do with a streamed answer. It has the widget's public surface the
// bench uses (init, open, sendMessage, getState), reads the same SSE stream, and appends each
// chunk to the answer as plain text (link chunks as <a>, so the bench's probes see them): no
// markdown, no sanitiser, no framework, one styled box. Run it with
//   npm run bench:widget -- --only steady --bundle bench/widget/stand-ins/plain-text.js
// With `--widget-config '{"standIn":{"replace":true}}'` each chunk replaces the previous one
// instead, so the answer never grows (the "span swap" floor).
(() => {
  const linkPattern = /\[([^\]]*)\]\(([^)]*)\)/;
  window.NexusChatWidget = {
    version: "stand-in",
    init(config) {
      const replace = config.standIn?.replace === true;
      const root = document.createElement("div");
      root.setAttribute("data-nexus-chat", "");
      const launcher = document.createElement("button");
      launcher.setAttribute("aria-label", "Open chat");
      launcher.setAttribute("aria-expanded", "false");
      launcher.textContent = "Chat";
      launcher.style.cssText = "position:fixed;right:20px;bottom:20px;width:56px;height:56px";
      root.append(launcher);
      document.body.append(root);
      const api = `${config.apiUrl.replace(/\/$/, "")}/api/v2`;
      let dialog = null;
      let transcript = null;
      let sessionId = null;
      let messageCount = 0;
      return {
        open() {
          if (dialog) return;
          dialog = document.createElement("div");
          dialog.setAttribute("role", "dialog");
          dialog.style.cssText =
            "position:fixed;right:20px;bottom:90px;width:384px;height:600px;overflow:auto;background:#fff;box-shadow:0 4px 20px rgba(0,0,0,.2);border-radius:16px";
          transcript = document.createElement("div");
          dialog.append(transcript);
          root.append(dialog);
          launcher.setAttribute("aria-expanded", "true");
        },
        async sendMessage(text) {
          const question = document.createElement("div");
          question.textContent = text;
          const answer = document.createElement("div");
          transcript.append(question, answer);
          messageCount += 2;
          const response = await fetch(`${api}/query`, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "text/event-stream" },
            body: JSON.stringify({ text, experienceId: config.experienceId, sessionId }),
          });
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
              const frame = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const type = /^event: (.*)$/m.exec(frame)?.[1];
              const data = frame
                .split("\n")
                .filter((line) => line.startsWith("data: "))
                .map((line) => line.slice(6))
                .join("\n");
              if (type === "query-start") sessionId = JSON.parse(data).sessionId;
              if (type !== "text-delta") continue;
              const delta = JSON.parse(data).delta;
              const link = linkPattern.exec(delta);
              if (link) {
                const anchor = document.createElement("a");
                anchor.href = link[2];
                anchor.textContent = link[1];
                answer.append(anchor);
              } else if (replace) {
                const span = document.createElement("span");
                span.textContent = delta;
                answer.replaceChildren(span);
              } else {
                answer.append(delta);
              }
            }
          }
        },
        getState: () => ({ messageCount }),
      };
    },
  };
})();
