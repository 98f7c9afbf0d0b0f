import { computed, effect, signal, type ReadonlySignal } from "@preact/signals-core";
import type { WidgetConfig } from "@nexus-chat/protocol";
import { en, type StringKey, type Strings } from "./en.js";
import { directionOf, languageSources, pickLocale, type BuiltInLocale } from "./locales.js";
import { importPack } from "./import-pack.js";

/** Packs loaded so far, shared by every widget on the page. */
const loadedPacks = new Map<BuiltInLocale, Strings>([["en", en]]);
const loadingPacks = new Map<BuiltInLocale, Promise<Strings>>();
/** Packs that could not be loaded by this page's widgets so far (English stands in). */
const failedPacks = new Set<BuiltInLocale>();

/** Loads a pack once; a failed load is forgotten, so a later widget tries again. */
function loadPack(locale: BuiltInLocale): Promise<Strings> {
  const loaded = loadedPacks.get(locale);
  if (loaded) return Promise.resolve(loaded);
  let loading = loadingPacks.get(locale);
  if (!loading) {
    loading = importPack(locale as Exclude<BuiltInLocale, "en">).then(
      (pack) => {
        loadedPacks.set(locale, pack);
        return pack;
      },
      (error: unknown) => {
        loadingPacks.delete(locale);
        throw error;
      },
    );
    loadingPacks.set(locale, loading);
  }
  return loading;
}

export interface LocaleState {
  /** The built-in pack in use. */
  locale: ReadonlySignal<BuiltInLocale>;
  dir: ReadonlySignal<"ltr" | "rtl">;
  /** The texts: the pack's (English until it has arrived), with the host's overrides. */
  strings: ReadonlySignal<Strings>;
  /** Whether the pack of the current locale has arrived or failed (always, for English). */
  ready: ReadonlySignal<boolean>;
  /** Starts loading packs as the locale changes; returns the function that stops it. */
  connect(): () => void;
}

/** Follows the `locale` option and `messages.strings`, loading packs on demand. */
export function createLocaleState(options: ReadonlySignal<WidgetConfig>): LocaleState {
  const sources = languageSources();
  const locale = computed(() => pickLocale(options.value.locale, sources));
  /** Bumped when a pack arrives, so `strings` is read again. */
  const arrived = signal(0);
  const ready = computed(
    () => (arrived.value, loadedPacks.has(locale.value) || failedPacks.has(locale.value)),
  );
  const strings = computed((): Strings => {
    void arrived.value;
    const pack = loadedPacks.get(locale.value) ?? en;
    const overrides = options.value.messages?.strings;
    if (!overrides) return pack;
    const merged = { ...pack };
    for (const key of Object.keys(overrides)) {
      const text = overrides[key];
      if (Object.hasOwn(en, key) && typeof text === "string") merged[key as StringKey] = text;
    }
    return merged;
  });
  return {
    locale,
    dir: computed(() => directionOf(locale.value)),
    strings,
    ready,
    connect() {
      let stopped = false;
      const stop = effect(() => {
        const wanted = locale.value;
        if (loadedPacks.has(wanted)) return;
        loadPack(wanted).then(
          () => void (stopped || arrived.value++),
          () => {
            failedPacks.add(wanted);
            if (!stopped) arrived.value++;
            console.warn(
              `[nexus-chat] The "${wanted}" language pack could not be loaded; using English.`,
            );
          },
        );
      });
      return () => {
        stopped = true;
        stop();
      };
    },
  };
}
