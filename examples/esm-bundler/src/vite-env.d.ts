/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The Nexus Chat server, e.g. `http://127.0.0.1:8787`. */
  readonly VITE_NEXUS_API_URL?: string;
  /** The experience to talk to. */
  readonly VITE_NEXUS_EXPERIENCE_ID?: string;
}
