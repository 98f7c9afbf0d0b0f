import { useEffect, useState } from "preact/hooks";

/** Loads data when `key` changes; `reload` loads again. */
export function useLoad<Data>(load: () => Promise<Data>, key: string) {
  const [data, setData] = useState<Data | undefined>(undefined);
  const [error, setError] = useState("");
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setError("");
    load().then(
      (result) => current && setData(result),
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  return { data, error, reload: () => setRound((value) => value + 1) };
}
