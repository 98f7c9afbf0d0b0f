/**
 * Every text the widget shows or gives to assistive technology, in English: the table the other
 * language packs translate (they must name every key, see {@link Strings}). Hosts replace any one
 * of them with `messages.strings`.
 */
export const en = {
  // Launcher and welcome bubble
  openChat: "Open chat",
  dismiss: "Dismiss",
  // Window
  chatTitle: "Chat",
  newConversation: "New conversation",
  expandWindow: "Expand window",
  shrinkWindow: "Shrink window",
  closeChat: "Close chat",
  poweredBy: "Powered by Nexus Chat",
  conversation: "Conversation",
  showEarlier: "Show earlier messages",
  // Messages
  assistantName: "Assistant",
  sources: "Sources",
  answerInterrupted: "Answer interrupted.",
  notSent: "Not sent.",
  somethingWentWrong: "Something went wrong.",
  retry: "Retry",
  copyAnswer: "Copy answer",
  readAloud: "Read aloud",
  stopReading: "Stop reading",
  // Feedback
  helpful: "Helpful",
  notHelpful: "Not helpful",
  feedbackNotSent: "Not sent. Please try again.",
  feedbackThanks: "Thanks for your feedback!",
  feedbackComment: "Feedback comment",
  feedbackPlaceholder: "Tell us more (optional)",
  sendFeedback: "Send feedback",
  // Composer
  message: "Message",
  placeholder: "Type your message…",
  startVoiceInput: "Start voice input",
  stopVoiceInput: "Stop voice input",
  sendMessage: "Send message",
  stopAnswer: "Stop answer",
  // Disclaimer
  disclaimerTitle: "Before you start",
  disclaimerAccept: "I agree",
  // Notices
  previousConversationEnded: "The previous conversation ended.",
  conversationEnded: "This conversation has ended.",
  agentRequested: "An agent has been requested.",
  connectionReconnecting: "Connection lost. Reconnecting…",
  connectionOffline: "You're offline. Waiting for the connection…",
  // Talking to a person ({position} and {name} are filled in)
  queuePosition: "You are number {position} in the queue.",
  waitingForPerson: "Waiting for a person to join…",
  withAgent: "You are chatting with {name}.",
  agentJoined: "{name} joined the conversation.",
  agentTyping: "{name} is typing…",
  agentLeft: "{name} left the conversation.",
  backWithAssistant: "You are back with the assistant.",
  nobodyAvailable: "Nobody is available to chat right now.",
  nobodyClaimed: "Nobody could take your conversation in time.",
  leaveMessage: "Leave a message",
  continueWithAssistant: "Continue with the assistant",
  leaveMessageHint: "Write your message below and the team will get back to you.",
  messageLeft: "Your message was sent to the team.",
  // Voice input problems
  micBlocked:
    "Microphone access is blocked. Allow the microphone for this site in your browser, then try again.",
  voiceUnavailable: "Voice input is not available in this browser or on this page.",
  noSpeech: "I didn't hear anything. Press the microphone button and try speaking again.",
  noMicrophone:
    "No microphone was found. Check that one is connected and not in use by another app.",
  voiceOffline: "Voice input needs an internet connection. Check your connection and try again.",
  voiceInterrupted: "Voice input was interrupted. Press the microphone button to try again.",
  voiceLanguage: "Voice input does not support this language.",
  voiceSetup: "Voice input could not start because of a setup problem. Please type your message.",
  voiceFailed:
    "Voice input stopped because of an unexpected problem. Please try again or type your message.",
  // Read-aloud problems
  audioBusy: "Read-aloud could not start because the audio output is busy.",
  noAudioOutput: "Read-aloud could not find an audio output.",
  readAloudOffline: "Read-aloud needs an internet connection for this voice.",
  readAloudBlocked:
    "This browser blocked read-aloud. Interact with the page first, then try again.",
  readAloudLanguage: "Read-aloud has no voice for this language.",
  readAloudVoice: "The chosen read-aloud voice is not available.",
  readAloudTooLong: "This answer is too long to read aloud.",
  readAloudFailed: "Read-aloud stopped because the speech engine failed.",
};

/** The keys of the string table. */
export type StringKey = keyof typeof en;

/** A complete string table: what every language pack is. */
export type Strings = Record<StringKey, string>;
