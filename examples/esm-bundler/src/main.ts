import { init } from "@nexus-chat/widget";
import type { WidgetInstance } from "@nexus-chat/protocol";

const widget: WidgetInstance = init({
  experienceId: import.meta.env.VITE_NEXUS_EXPERIENCE_ID ?? "demo",
  apiUrl: import.meta.env.VITE_NEXUS_API_URL ?? "http://127.0.0.1:8787",
  theme: "auto",
  features: { timestamps: true },
});

const status = document.querySelector<HTMLElement>("#status");

// Handlers are typed from the event map: `data.answer` is a string, `data.duration` a number.
widget.on("messageStart", (data) => {
  if (status) status.textContent = `Asked: ${data.message}`;
});
widget.on("messageComplete", (data) => {
  if (status)
    status.textContent = `Answered in ${data.duration} ms (${data.answer.length} characters).`;
});
widget.on("error", (error) => {
  if (status) status.textContent = `The widget reported a ${error.type} error: ${error.message}`;
});

document.querySelector("#ask")?.addEventListener("click", () => {
  widget.open();
  void widget.sendMessage("How do I install the widget?");
});
