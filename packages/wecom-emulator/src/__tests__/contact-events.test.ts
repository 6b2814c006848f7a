import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { postChanges, putReceiver, settledDeliveries, useTestReceiver } from './support/events';
import { useTestEmulator } from './support/harness';
import { xmlFields, xmlNames } from './support/receiver';
import { CORP } from './support/test-seed';

let emu: WeComEmulator;
useTestEmulator((started) => {
  emu = started;
});
const receiver = useTestReceiver();

/** One of every change type; lisi is renamed and moved, department 6 renamed and moved. */
const CHANGES = [
  { op: 'addDepartment', department: { id: 6, name: '测试组', parentid: 2, order: 5 } },
  {
    op: 'addMember',
    member: { userid: 'newbie', name: '新人', department: [6, 3], isLeaderInDept: [1, 0], mainDepartment: 3, mobile: '13800000009', email: 'newbie@example.com', gender: 2, position: '测试' },
  },
  { op: 'updateMember', userid: 'lisi', newUserid: 'lisi2', set: { name: '李四四', department: [3, 6] } },
  { op: 'updateDepartment', id: 6, set: { name: '质量组', parentid: 3 } },
  { op: 'removeMember', userid: 'wangwu' },
  { op: 'removeMember', userid: 'zhaoliu' },
  { op: 'removeDepartment', id: 5 },
];

const HEAD = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event', 'ChangeType'];

/** The decrypted events the receiver got, as [element names after the head, their values]. */
function received(): Array<Record<string, string>> {
  return receiver().events.map((e) => {
    const names = xmlNames(e.plaintext);
    expect(names.slice(0, 6)).toEqual(HEAD);
    const fields = xmlFields(e.plaintext);
    return Object.fromEntries(names.slice(5).map((n) => [n, fields[n] ?? '']));
  });
}

describe('C2.2 event deliveries: the request', () => {
  it('POSTs url?msg_signature&timestamp&nonce with the encrypted envelope; the signature verifies and the receiveid is the corp id', async () => {
    await putReceiver(emu, receiver());
    const res = await postChanges(emu, [{ op: 'removeMember', userid: 'wangwu' }]);
    expect(res.body).toEqual({ ok: true, applied: 1, deliveries: ['d1'] });
    await settledDeliveries(emu);
    const [event] = receiver().events;
    expect(event?.path).toBe('/wecom/contacts');
    expect(Object.keys(event?.query ?? {})).toEqual(['msg_signature', 'timestamp', 'nonce']);
    expect(event?.signatureOk).toBe(true);
    expect(event?.receiveId).toBe(CORP);
    expect(event?.body).toMatch(/^<xml><ToUserName><!\[CDATA\[wwtestcorp0000001\]\]><\/ToUserName><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><AgentID><!\[CDATA\[\]\]><\/AgentID><\/xml>$/);
    const fields = xmlFields(event?.plaintext ?? '');
    expect(fields).toMatchObject({ ToUserName: CORP, FromUserName: 'sys', MsgType: 'event', Event: 'change_contact', ChangeType: 'delete_user', UserID: 'wangwu' });
    expect(Math.abs(Number(fields.CreateTime) - Date.now() / 1000)).toBeLessThan(5);
  });
});

describe('C2.5 change_contact events with every field (idsOnly: false)', () => {
  it('one event per change, in order: created objects in full, updates with the changed fields only', async () => {
    await putReceiver(emu, receiver(), { idsOnly: false });
    const res = await postChanges(emu, CHANGES);
    expect(res.body).toEqual({ ok: true, applied: 7, deliveries: ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'] });
    await settledDeliveries(emu);
    expect(received()).toEqual([
      { ChangeType: 'create_party', Id: '6', Name: '测试组', ParentId: '2', Order: '5' },
      {
        ChangeType: 'create_user',
        UserID: 'newbie',
        Name: '新人',
        Department: '6,3',
        MainDepartment: '3',
        IsLeaderInDept: '1,0',
        DirectLeader: '',
        Position: '测试',
        Mobile: '13800000009',
        Gender: '2',
        Email: 'newbie@example.com',
        BizMail: '',
        Status: '1',
        Avatar: '',
        Alias: '',
        Telephone: '',
        Address: '',
      },
      { ChangeType: 'update_user', UserID: 'lisi', NewUserID: 'lisi2', Name: '李四四', Department: '3,6', IsLeaderInDept: '0,0' },
      { ChangeType: 'update_party', Id: '6', Name: '质量组', ParentId: '3' },
      { ChangeType: 'delete_user', UserID: 'wangwu' },
      { ChangeType: 'delete_user', UserID: 'zhaoliu' },
      { ChangeType: 'delete_party', Id: '5' },
    ]);
    // Numbers as plain text, strings and comma-joined lists in CDATA.
    const createUser = receiver().events[1]?.plaintext ?? '';
    expect(createUser).toContain('<MainDepartment>3</MainDepartment>');
    expect(createUser).toContain('<Gender>2</Gender>');
    expect(createUser).toContain('<Department><![CDATA[6,3]]></Department>');
    expect(createUser).toContain('<ChangeType><![CDATA[create_user]]></ChangeType>');
    expect(receiver().events.every((e) => e.signatureOk && e.receiveId === CORP)).toBe(true);
  });

  it('sends nothing for an update that changes none of the event’s fields', async () => {
    await putReceiver(emu, receiver(), { idsOnly: false });
    const res = await postChanges(emu, [
      { op: 'updateDepartment', id: 3, set: { order: 1 } },
      { op: 'updateMember', userid: 'lisi', set: { name: '李四' } },
      { op: 'updateMember', userid: 'lisi', set: { mobile: '13900000002' } },
    ]);
    expect(res.body).toEqual({ ok: true, applied: 3, deliveries: ['d1'] });
    await settledDeliveries(emu);
    expect(received()).toEqual([{ ChangeType: 'update_user', UserID: 'lisi', Mobile: '13900000002' }]);
  });

  it('the delivery list shows each event as sent', async () => {
    await putReceiver(emu, receiver(), { idsOnly: false });
    await postChanges(emu, CHANGES.slice(0, 3));
    const deliveries = await settledDeliveries(emu);
    expect(deliveries.map((d) => [d.id, d.changeType, d.ids, d.state, d.attempts.length])).toEqual([
      ['d1', 'create_party', { id: 6 }, 'delivered', 1],
      ['d2', 'create_user', { userid: 'newbie' }, 'delivered', 1],
      ['d3', 'update_user', { userid: 'lisi', newUserid: 'lisi2' }, 'delivered', 1],
    ]);
    expect(deliveries.map((d) => d.event)).toEqual(receiver().events.map((e) => e.plaintext));
    expect(deliveries[0]).toMatchObject({ corpId: CORP, url: receiver().url, idsOnly: false, duplicate: false, attempts: [{ attempt: 1, status: 200 }] });
  });
});

describe('C2.5 IDs-only events (the default: receivers set after 2022-08-15)', () => {
  it('members carry UserID / NewUserID / Department, departments Id / ParentId', async () => {
    await putReceiver(emu, receiver());
    const res = await postChanges(emu, CHANGES);
    expect((res.body.deliveries as string[]).length).toBe(7);
    await settledDeliveries(emu);
    expect(received()).toEqual([
      { ChangeType: 'create_party', Id: '6', ParentId: '2' },
      { ChangeType: 'create_user', UserID: 'newbie', Department: '6,3' },
      { ChangeType: 'update_user', UserID: 'lisi', NewUserID: 'lisi2', Department: '3,6' },
      { ChangeType: 'update_party', Id: '6', ParentId: '3' },
      { ChangeType: 'delete_user', UserID: 'wangwu' },
      { ChangeType: 'delete_user', UserID: 'zhaoliu' },
      { ChangeType: 'delete_party', Id: '5' },
    ]);
  });

  it('update_user fires only on a department or userid change, update_party only on a ParentId change', async () => {
    await putReceiver(emu, receiver());
    const res = await postChanges(emu, [
      { op: 'updateMember', userid: 'lisi', set: { name: '李四四', mobile: '13900000002', status: 2 } },
      { op: 'updateDepartment', id: 3, set: { name: '销售中心' } },
      { op: 'updateMember', userid: 'lisi', newUserid: 'LiSi' },
      { op: 'updateMember', userid: 'sunqi', set: { department: [4] } },
    ]);
    expect(res.body).toEqual({ ok: true, applied: 4, deliveries: ['d1', 'd2'] });
    await settledDeliveries(emu);
    expect(received()).toEqual([
      { ChangeType: 'update_user', UserID: 'lisi', NewUserID: 'LiSi' },
      { ChangeType: 'update_user', UserID: 'sunqi', Department: '4' },
    ]);
  });
});
