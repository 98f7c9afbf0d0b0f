// Ambient declarations for what the documentation's examples use without defining: the widget's
// script-tag global, third-party analytics globals, and the host page's own functions.
import type { NexusChatWidgetGlobal } from "@nexus-chat/protocol";

declare global {
  interface Window {
    NexusChatWidget: NexusChatWidgetGlobal;
    WalkMeAPI?: { startFlowById(flowId: number): void };
  }

  function gtag(command: "event", eventName: string, parameters?: Record<string, unknown>): void;
  const mixpanel: { track(eventName: string, properties?: Record<string, unknown>): void };
  const analytics: { track(eventName: string, properties?: Record<string, unknown>): void };
  const Sentry: {
    captureException(
      exception: unknown,
      context?: { tags?: Record<string, unknown>; extra?: Record<string, unknown> },
    ): string;
  };

  function startGuidedTour(tourId: string | undefined): void;
  function openProductModal(productId: string | undefined): void;
  function openSchedulingModal(params: Record<string, string>): void;
  function initiateDownload(fileId: string | undefined): void;
  function openFeedbackForm(topic: string | undefined): void;
}
