#!/usr/bin/env node
import 'reflect-metadata';
import { start } from './start';

const usage = 'usage: typeorm-tenancy start [--url <database-url>]';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const urlIndex = rest.indexOf('--url');
  const url = urlIndex >= 0 ? rest[urlIndex + 1] : undefined;
  switch (command) {
    case 'start':
      await start({ url });
      return 0;
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? `typeorm-tenancy: ${error.message}` : error);
    process.exit(1);
  },
);
