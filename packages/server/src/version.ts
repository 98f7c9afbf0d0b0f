import { readFileSync } from "node:fs";

/** The server package's version (read once; the same relative path works from src and dist). */
export const serverVersion: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;
