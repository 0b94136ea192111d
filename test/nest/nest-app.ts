import { Body, CanActivate, Controller, ExecutionContext, Get, Injectable, Module, NotFoundException, Param, ParseUUIDPipe, Patch, Post, Query, Req, UseGuards, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { Tenant } from '../../src/entities/tenant.entity';
import { TenancyModule, tenancyDataSourceFactory, headerTenantResolver, type TenancyModuleOptions } from '../../src/nest';
import { currentActorId, currentTenantId } from '../../src/tenancy/current-tenant';
import { Note, Notebook } from '../support/fixtures';
import type { Scratch } from '../support/scratch-database';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A service awaited by the handlers: proves the context reaches injected providers. */
@Injectable()
export class NotesService {
  constructor(@InjectRepository(Note) private readonly notes: Repository<Note>) {}

  async list(delay = 0): Promise<Array<{ title: string; tenantId: string; seenAs: string | undefined }>> {
    await pause(delay);
    const rows = await this.notes.find({ order: { title: 'ASC' } });
    await new Promise((resolve) => setImmediate(resolve));
    return rows.map((r) => ({ title: r.title, tenantId: r.tenantId, seenAs: currentTenantId() }));
  }

  async get(id: string): Promise<Note> {
    const note = await this.notes.findOneBy({ id });
    if (!note) throw new NotFoundException();
    return note;
  }

  async insert(body: Partial<Note>): Promise<void> {
    await this.notes.insert(body);
  }

  create(body: Partial<Note>): Promise<Note> {
    return this.notes.save(this.notes.create(body));
  }
}

/** Records the tenant a guard sees (guards run after Nest middleware). */
@Injectable()
class SeenByGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    context.switchToHttp().getRequest<{ guardTenant?: string }>().guardTenant = currentTenantId();
    return true;
  }
}

@Controller()
class NotesController {
  constructor(private readonly service: NotesService) {}

  @Get('health')
  health() {
    return { ok: true, tenant: currentTenantId() ?? null };
  }

  @Get('notes')
  list(@Query('delay') delay?: string) {
    return this.service.list(Number(delay ?? 0));
  }

  @Get('notes/:id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.service.get(id);
  }

  @Get('raw-notes/:id') // no ParseUUIDPipe: a malformed id reaches SQL
  getRaw(@Param('id') id: string) {
    return this.service.get(id);
  }

  @Post('notes')
  create(@Body() body: Partial<Note>) {
    return this.service.create(body);
  }

  @Post('notes/insert')
  insert(@Body() body: Partial<Note>) {
    return this.service.insert(body);
  }

  @Patch('notes/:id')
  async rename(@Param('id', ParseUUIDPipe) id: string, @Body() body: { title: string; tenantId?: string }) {
    return this.service.create({ ...(await this.service.get(id)), ...body });
  }

  @Get('whoami')
  @UseGuards(SeenByGuard)
  async whoami(@Req() req: { guardTenant?: string }) {
    const atStart = currentTenantId();
    await pause(5);
    const inService = (await this.service.list()).length >= 0 ? currentTenantId() : undefined;
    const afterTimer = await new Promise((resolve) => setTimeout(() => resolve(currentTenantId()), 5));
    return { guard: req.guardTenant, atStart, inService, afterTimer, actor: currentActorId() ?? null };
  }

  @Get('boom')
  boom(): never {
    throw new Error(`secret detail ${currentTenantId()}`);
  }
}

/** A running Nest app on the scratch database, listening on 127.0.0.1 (ephemeral port). */
export interface NestTestApp {
  readonly app: INestApplication;
  readonly url: string;
  close(): Promise<void>;
}

/** Connection options for the app's own DataSource on the scratch database (pglite: one connection). */
export function appConnection(scratch: Scratch) {
  const options = connectionOptionsFromUrl(scratch.url);
  return scratch.target.name === 'pglite' ? { ...options, extra: { max: 1 } } : options;
}

/** Starts the app: TypeOrmModule with tenancyDataSourceFactory (no hand-written factory), TenancyModule. */
export async function startNestApp(scratch: Scratch, tenancy: TenancyModuleOptions = {}, extraImports: unknown[] = []): Promise<NestTestApp> {
  @Module({
    imports: [
      ...(extraImports as never[]),
      TypeOrmModule.forRootAsync({
        useFactory: () => ({ ...appConnection(scratch), entities: [Tenant, Notebook, Note], retryAttempts: 0 }),
        dataSourceFactory: tenancyDataSourceFactory(),
      }),
      TypeOrmModule.forFeature([Note]),
      TenancyModule.forRoot({ resolveTenant: headerTenantResolver('x-tenant-id'), resolveActor: (req: { headers: Record<string, unknown> }) => req.headers['x-user-id'] as string | undefined, exclude: ['health'], ...tenancy }),
    ],
    controllers: [NotesController],
    providers: [NotesService],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
