import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClsModule, ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { ClsServiceStore, TenancyModule } from '../../src/nest';
import { useContextStore } from '../../src/tenancy/context-store';
import { currentTenantId } from '../../src/tenancy/current-tenant';
import { withTenant } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid/uuidv7';

@Injectable()
class Probe {
  constructor(private readonly cls: ClsService) {}
  async read() {
    await new Promise((r) => setTimeout(r, Math.random() * 10));
    return { requestId: this.cls.get('requestId') as string, tenant: currentTenantId() };
  }
}

@Controller()
class ProbeController {
  constructor(private readonly probe: Probe) {}
  @Get('probe')
  probeRoute() {
    return this.probe.read();
  }
}

/**
 * nestjs-cls interop: with `ClsServiceStore` the tenant scope lives in the request's CLS context
 * (nestjs-cls middleware first, then TenancyModule's), beside the app's own CLS values.
 */
describe('TenancyModule with nestjs-cls (ClsServiceStore)', () => {
  let url: string;
  let close: () => Promise<void>;
  let previous: ReturnType<typeof useContextStore> | undefined;

  beforeAll(async () => {
    @Module({
      imports: [
        ClsModule.forRoot({ global: true, middleware: { mount: true, setup: (cls, req: { headers: Record<string, string> }) => cls.set('requestId', req.headers['x-request-id']) } }),
        TenancyModule.forRoot(),
      ],
      controllers: [ProbeController],
      providers: [Probe],
    })
    class AppModule {}
    const app = await NestFactory.create(AppModule, { logger: false });
    previous = useContextStore(new ClsServiceStore(app.get(ClsService)));
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    close = () => app.close();
  });
  afterAll(async () => {
    if (previous) useContextStore(previous);
    await close?.();
  });

  it('each of 30 concurrent requests sees its own CLS value and its own tenant', async () => {
    const tenants = [uuidv7(), uuidv7(), uuidv7()];
    const sent = Array.from({ length: 30 }, (_, i) => ({ tenant: tenants[i % 3], requestId: randomUUID() }));
    const got = await Promise.all(
      sent.map(({ tenant, requestId }) => fetch(`${url}/probe`, { headers: { 'x-tenant-id': tenant, 'x-request-id': requestId } }).then((r) => r.json())),
    );
    expect(got).toEqual(sent);
  });

  it('outside a request the store is inactive: no tenant; withTenant still works through it', () => {
    expect(currentTenantId()).toBeUndefined();
    const id = uuidv7();
    expect(withTenant(id, () => currentTenantId())).toBe(id);
    expect(currentTenantId()).toBeUndefined();
  });
});
