/** Reading a value without echoing it (TTY) or from standard input (pipes). */
import { createInterface } from 'node:readline';

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    let muted = false;
    out._writeToOutput = (s: string) => { if (!muted) process.stderr.write(s); };
    rl.question(question, (answer) => { rl.close(); process.stderr.write('\n'); resolve(answer); });
    muted = true;
  });
}

export function promptVisible(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.question(question, (a) => { rl.close(); resolve(a); });
  });
}

/** A secret value: from the flag, else hidden prompt on a terminal, else all of stdin (one trailing newline dropped). */
export async function secretValue(flag: string | undefined, question: string): Promise<string> {
  if (flag !== undefined) return flag;
  if (process.stdin.isTTY) return promptHidden(question);
  return (await readStdin()).replace(/\r?\n$/, '');
}
