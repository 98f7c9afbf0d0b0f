/**
 * The voice to read with: the one named in the options (exact name, then a case-insensitive
 * partial match, since names differ slightly between platforms), else the best voice for the
 * language (exact tag, then same base language; the platform default and local voices first,
 * because network voices fail offline). `null` leaves the choice to the engine.
 */
export function chooseVoice(
  voices: readonly SpeechSynthesisVoice[],
  request: { name?: string | undefined; language: string },
): SpeechSynthesisVoice | null {
  const name = request.name?.trim().toLowerCase();
  if (name) {
    const named =
      voices.find((voice) => voice.name.toLowerCase() === name) ??
      voices.find((voice) => voice.name.toLowerCase().includes(name));
    if (named) return named;
  }
  const wanted = normaliseTag(request.language);
  const base = wanted.split("-")[0] ?? wanted;
  const ranked = [...voices].sort(preference);
  return (
    ranked.find((voice) => normaliseTag(voice.lang) === wanted) ??
    ranked.find((voice) => normaliseTag(voice.lang).split("-")[0] === base) ??
    null
  );
}

/** Some engines report `en_US`; BCP 47 says `en-US`; case is insignificant. */
function normaliseTag(tag: string): string {
  return tag.replace(/_/g, "-").toLowerCase();
}

function preference(left: SpeechSynthesisVoice, right: SpeechSynthesisVoice): number {
  return rank(right) - rank(left);
}

function rank(voice: SpeechSynthesisVoice): number {
  return (voice.default ? 2 : 0) + (voice.localService ? 1 : 0);
}
