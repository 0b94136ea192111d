import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { readmeExample } from './readme-example';

const root = resolve(__dirname, '../..');

/**
 * The README's "Background jobs" example, typechecked as pasted against this checkout's sources
 * (`typeorm-tenancy` and `typeorm-tenancy/jobs` mapped to src) and the real BullMQ types. The packed
 * library test compiles the same block in a scratch app against the installed tarball.
 */
describe('README "Background jobs" example', () => {
  it('typechecks as pasted (strict)', () => {
    const file = join(root, 'test/jobs/__readme_background_jobs__.ts'); // virtual: never written
    const source = readmeExample('Background jobs');
    const options: ts.CompilerOptions = {
      strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, skipLibCheck: true,
      experimentalDecorators: true, emitDecoratorMetadata: true, strictPropertyInitialization: false,
      types: ['node'], baseUrl: root,
      paths: { 'typeorm-tenancy': ['src/index.ts'], 'typeorm-tenancy/jobs': ['src/jobs/index.ts'] },
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === file || fileExists(name);
    const program = ts.createProgram([file], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    expect(source).toContain("from 'typeorm-tenancy/jobs'");
  }, 60_000);
});
