/**
 * A disk cache for ts-node's transpile-only output, for the processes the crash tests start (load it with
 * -r right after ts-node/register/transpile-only). ts-node keeps none: each process would spend several
 * CPU seconds transpiling the app, against under two to load it once transpiled. An entry is keyed by the
 * file, its source, the TypeScript version and the compiler options, so an edited file is transpiled anew.
 * Plain JS: it runs before ts-node could compile it.
 */
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const service = process[Symbol.for('ts-node.register.instance')];
if (service) {
  const dir = path.join(os.tmpdir(), `ledgerline-ts-cache-${process.getuid?.() ?? 'user'}`);
  const salt = JSON.stringify([service.ts.version, service.config.options]);
  const compile = service.compile.bind(service);
  service.compile = (code, fileName, lineOffset) => {
    const key = createHash('sha256').update(salt).update('\0').update(fileName).update('\0').update(code).digest('hex');
    const file = path.join(dir, `${key}.js`);
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      const output = compile(code, fileName, lineOffset);
      // Written aside and renamed: processes starting together never read half an entry. A cache that
      // cannot be written only costs the time it would have saved.
      const partial = `${file}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(partial, output);
        fs.renameSync(partial, file);
      } catch {
        fs.rmSync(partial, { force: true });
      }
      return output;
    }
  };
}
