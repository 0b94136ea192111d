// Manual check of typeorm-tenancy/nest on Nest 12 (ESM-only; Jest 29 here cannot load it, Node >= 20.19 can
// require() it). See docs/nest.md "Nest 12" for the steps; run with plain node in a scratch directory.
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TypeOrmModule } = require('@nestjs/typeorm');
const { DataSource } = require('typeorm');
const { Tenant, currentTenantId, tenancyConfig, TenantMismatchError } = require('typeorm-tenancy');
const { TenancyModule, tenancyDataSourceFactory } = require('typeorm-tenancy/nest');

class Probe {
  async who() { await new Promise((r) => setTimeout(r, 5)); return { tenant: currentTenantId() }; }
  mismatch() { throw new TenantMismatchError('save of Note', 'a', 'b'); }
}
Reflect.decorate([Get('who')], Probe.prototype, 'who', Object.getOwnPropertyDescriptor(Probe.prototype, 'who'));
Reflect.decorate([Get('mismatch')], Probe.prototype, 'mismatch', Object.getOwnPropertyDescriptor(Probe.prototype, 'mismatch'));
const ProbeController = Reflect.decorate([Controller()], Probe);
class App {}
const AppModule = Reflect.decorate([Module({
  imports: [
    TypeOrmModule.forRootAsync({ useFactory: () => ({ type: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test', entities: [Tenant], retryAttempts: 0 }), dataSourceFactory: tenancyDataSourceFactory() }),
    TenancyModule.forRoot(),
  ],
  controllers: [ProbeController],
})], App);

(async () => {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const t = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';
  const get = async (p, h) => { const r = await fetch(url + p, { headers: h }); return [r.status, await r.json()]; };
  const out = {
    nest: require('@nestjs/core/package.json').version,
    tenancyOn: tenancyConfig(app.get(DataSource)) !== undefined,
    who: await get('/who', { 'x-tenant-id': t }),
    missing: await get('/who', {}),
    mismatch: await get('/mismatch', { 'x-tenant-id': t }),
  };
  console.log(JSON.stringify(out));
  await app.close();
})().catch((e) => { console.error(e); process.exit(1); });
