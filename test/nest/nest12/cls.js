// Manual check of typeorm-tenancy/nest on Nest 12 (ESM-only; Jest 29 here cannot load it, Node >= 20.19 can
// require() it). See docs/nest.md "Nest 12" for the steps; run with plain node in a scratch directory.
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { ClsModule, ClsService } = require('nestjs-cls');
const { currentTenantId, useContextStore } = require('typeorm-tenancy');
const { TenancyModule, ClsServiceStore } = require('typeorm-tenancy/nest');
let cls;
class Probe { async who() { await new Promise((r) => setTimeout(r, Math.random() * 10)); return { rid: cls.get('rid'), tenant: currentTenantId() }; } }
Reflect.decorate([Get('who')], Probe.prototype, 'who', Object.getOwnPropertyDescriptor(Probe.prototype, 'who'));
const C = Reflect.decorate([Controller()], Probe);
class App {}
const M = Reflect.decorate([Module({ imports: [ClsModule.forRoot({ global: true, middleware: { mount: true, setup: (c, req) => c.set('rid', req.headers['x-rid']) } }), TenancyModule.forRoot()], controllers: [C] })], App);
(async () => {
  const app = await NestFactory.create(M, { logger: false });
  cls = app.get(ClsService);
  useContextStore(new ClsServiceStore(cls));
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const ts = ['0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192', '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708193'];
  const sent = Array.from({ length: 20 }, (_, i) => ({ rid: String(i), tenant: ts[i % 2] }));
  const got = await Promise.all(sent.map((s) => fetch(url + '/who', { headers: { 'x-tenant-id': s.tenant, 'x-rid': s.rid } }).then((r) => r.json())));
  console.log(JSON.stringify({ cls: require('nestjs-cls/package.json').version, same: JSON.stringify(got) === JSON.stringify(sent) }));
  await app.close();
})().catch((e) => { console.error(e); process.exit(1); });
