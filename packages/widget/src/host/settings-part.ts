import { computed, signal } from "@preact/signals-core";
import type { ExperiencePublicConfig, WidgetConfig } from "@nexus-chat/protocol";
import { optionSpec } from "../config/option-spec.js";
import { validateOptions } from "../config/validate-config.js";
import { mergeOptions } from "../config/merge-options.js";
import { resolveSettings } from "../config/resolve-settings.js";
import type { ApiClient } from "../transport/api-client.js";
import { createLocaleState } from "../i18n/locale-state.js";
import type { Host } from "./host.js";

/** Options the server may not change after the page has chosen them. */
const pageOnlyOptions = [
  "experienceId",
  "apiUrl",
  "accessToken",
  "userId",
  "container",
  "advanced",
  "embedded",
  "useShadowDOM",
  "disableTabSync",
];

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The page's options, validated: each unknown or mistyped option is reported with a console
 * warning and dropped, so `init` never throws for bad options.
 */
export function readPageConfig(config: unknown): WidgetConfig {
  const pageConfig = validateOptions(
    isPlainObject(config) ? config : {},
    optionSpec,
  ) as unknown as WidgetConfig;
  for (const required of ["experienceId", "apiUrl"] as const) {
    if (!pageConfig[required]) console.warn(`[nexus-chat] The option "${required}" is required.`);
  }
  return pageConfig;
}

export type SettingsPart = ReturnType<typeof createSettingsPart>;

/**
 * The options in force (the page's, merged over the experience's stored ones once they have
 * arrived), the language (its pack loaded on demand) and the settings resolved from both.
 */
export function createSettingsPart(pageConfig: WidgetConfig, api: ApiClient, host: Host) {
  const options = signal(pageConfig);
  const language = createLocaleState(options);
  const settings = computed(() =>
    resolveSettings(options.value, {
      locale: language.locale.value,
      dir: language.dir.value,
      strings: language.strings.value,
      speechLanguage: options.value.locale,
    }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopLanguage: (() => void) | undefined;

  const loadRemoteConfig = (): void => {
    const experienceId = pageConfig.experienceId;
    if (
      host.stopped ||
      pageConfig.advanced?.loadRemoteConfig === false ||
      !pageConfig.apiUrl ||
      !experienceId
    )
      return;
    api
      .request<ExperiencePublicConfig>(
        "GET",
        `/experiences/${encodeURIComponent(experienceId)}/config`,
      )
      .then((remote) => {
        if (host.stopped || !isPlainObject(remote?.widget)) return;
        const stored = { ...remote.widget } as Record<string, unknown>;
        for (const name of pageOnlyOptions) delete stored[name];
        options.value = mergeOptions(
          validateOptions(stored, optionSpec) as unknown as WidgetConfig,
          pageConfig,
        );
      })
      .catch(() => undefined);
  };

  return {
    pageConfig,
    options,
    settings,
    /** Whether the language pack has arrived (or failed): the first render waits for it. */
    languageReady: language.ready,
    /** The sizing modes' names, smallest first. */
    modeNames: (): string[] => settings.value.sizing.modes.map((mode) => mode.name),
    connect() {
      stopLanguage = language.connect();
      // After the first frame, so the request is not on the launcher's critical path.
      timer = setTimeout(loadRemoteConfig, 0);
    },
    disconnect() {
      stopLanguage?.();
      clearTimeout(timer);
    },
  };
}
