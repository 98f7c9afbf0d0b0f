/** `messageComplete` → `message_complete`; `sessionId` → `session_id`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
