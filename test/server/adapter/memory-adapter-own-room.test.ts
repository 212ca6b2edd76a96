import { expect } from 'chai';
import { MemoryAdapter } from '../../../src/server/adapter/memory-adapter.js';
import { FakeNamespace } from './adapter-contract.js';

/**
 * MemoryAdapter keeps one Set for a socket that is only in its own room (its room list and the room's members
 * are both `{id}`); whatever changes next, each side must behave as if it had its own Set.
 */
describe('MemoryAdapter: a socket in its own room only', () => {
  let adapter: MemoryAdapter;
  let events: string[];

  beforeEach(() => {
    adapter = new MemoryAdapter(new FakeNamespace('/', () => adapter));
    events = [];
    for (const e of ['create-room', 'delete-room', 'join-room', 'leave-room'] as const) {
      adapter.on(e, (room: string, id?: string) => events.push(id === undefined ? `${e} ${room}` : `${e} ${room} ${id}`));
    }
    adapter.addAll('a', ['a']);
  });

  const rooms = () => Object.fromEntries([...adapter.rooms].map(([room, ids]) => [room, [...ids].sort()]));
  const sids = () => Object.fromEntries([...adapter.sids].map(([id, r]) => [id, [...r].sort()]));

  it('is listed on both sides, with the usual events', () => {
    expect(rooms()).to.deep.equal({ a: ['a'] });
    expect(sids()).to.deep.equal({ a: ['a'] });
    expect(events).to.deep.equal(['create-room a', 'join-room a a']);
  });

  it('joining another room changes its room list only', () => {
    const members = adapter.rooms.get('a')!;
    adapter.addAll('a', ['r']);
    expect(rooms()).to.deep.equal({ a: ['a'], r: ['a'] });
    expect(sids()).to.deep.equal({ a: ['a', 'r'] });
    expect([...members]).to.deep.equal(['a']);
  });

  it('another socket joining room `a` changes the members only', () => {
    adapter.addAll('b', ['b', 'a']);
    expect(rooms()).to.deep.equal({ a: ['a', 'b'], b: ['b'] });
    expect(sids()).to.deep.equal({ a: ['a'], b: ['a', 'b'] });
    adapter.delAll('a');
    expect(rooms()).to.deep.equal({ a: ['b'], b: ['b'] });
    expect(sids()).to.deep.equal({ b: ['a', 'b'] });
  });

  it('leaving its own room empties and deletes the room', () => {
    adapter.del('a', 'a');
    expect(rooms()).to.deep.equal({});
    expect(sids()).to.deep.equal({ a: [] });
    expect(events.slice(2)).to.deep.equal(['leave-room a a', 'delete-room a']);
  });

  it('leaving everything deletes the room, with the usual events', () => {
    adapter.delAll('a');
    expect(rooms()).to.deep.equal({});
    expect(sids()).to.deep.equal({});
    expect(events.slice(2)).to.deep.equal(['leave-room a a', 'delete-room a']);
  });
});

describe('MemoryAdapter: a listener that joins rooms while a socket joins several', () => {
  it('keeps the room members and the socket\'s rooms apart when it joins from its own room\'s events', () => {
    const adapter: MemoryAdapter = new MemoryAdapter(new FakeNamespace('/', () => adapter));
    adapter.on('join-room', (room: string, id: string) => {
      if (room === id) void adapter.addAll(id, ['everyone']);
    });
    // A recovered socket rejoins its rooms in one call, its own room first.
    adapter.addAll('s', ['s', 'r']);
    expect([...adapter.rooms.get('s')!]).to.deep.equal(['s']);
    expect([...adapter.rooms.get('r')!]).to.deep.equal(['s']);
    expect([...adapter.rooms.get('everyone')!]).to.deep.equal(['s']);
    expect([...adapter.sids.get('s')!].sort()).to.deep.equal(['everyone', 'r', 's']);
  });
});
