const icon = (path: string) => () => (
  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path d={path} />
  </svg>
);

export const ChatIcon = icon("M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z");
export const CloseIcon = icon("M6 6l12 12M18 6L6 18");
export const ExpandIcon = icon("M15 3h6v6M9 21H3v-6M21 3l-7 7M3 21l7-7");
export const ShrinkIcon = icon("M4 14h6v6M20 10h-6V4M14 10l7-7M3 21l7-7");
export const NewIcon = icon("M12 5v14M5 12h14");
export const SendIcon = icon("M5 12h14M13 6l6 6-6 6");
export const StopIcon = icon("M7 7h10v10H7z");
export const CopyIcon = icon("M9 9h11v11H9zM5 15H4V4h11v1");
export const ThumbUpIcon = icon(
  "M7 10v11M7 10l4-7a2 2 0 0 1 3 2l-1 5h6a2 2 0 0 1 2 2l-2 7a2 2 0 0 1-2 1H7",
);
export const ThumbDownIcon = icon(
  "M17 14V3m0 11l-4 7a2 2 0 0 1-3-2l1-5H5a2 2 0 0 1-2-2l2-7a2 2 0 0 1 2-1h10",
);
export const MicIcon = icon(
  "M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM5 11a7 7 0 0 0 14 0M12 18v3",
);
export const SpeakerIcon = icon("M11 5L6 9H3v6h3l5 4zM16 9a4 4 0 0 1 0 6M19 6a8 8 0 0 1 0 12");
