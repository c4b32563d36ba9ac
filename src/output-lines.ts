/**
 * A child's output, which arrives in chunks cut anywhere, as whole lines: each complete line goes to
 * `onLine` as soon as it arrives (progress a person watches), `flush` hands over an unfinished last
 * line. Carriage-return redraws (a progress bar) count as line ends; blank lines are dropped.
 */
export function outputLines(onLine: (line: string) => void): { write(chunk: string): void; flush(): void } {
  let partial = "";
  const emit = (line: string) => {
    if (line.trim()) onLine(line.trimEnd());
  };
  return {
    write(chunk) {
      const lines = (partial + chunk).split(/\r\n|\r|\n/);
      partial = lines.pop() ?? "";
      for (const line of lines) emit(line);
    },
    flush() {
      emit(partial);
      partial = "";
    },
  };
}
