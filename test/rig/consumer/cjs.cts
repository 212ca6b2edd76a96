// A CommonJS user (a .cts file): `require` gets the CommonJS build's declarations (.d.cts) through the
// "require" condition; an ESM declaration here would be error TS1479.
import sockjet = require('sockjet');
import server = require('sockjet/server');
import websocket = require('sockjet/websocket');

const io = new server.Server<{ hello: (name: string) => void }>();
io.on('connection', (socket) => socket.on('hello', (name) => console.log(name.length)));
const socket: sockjet.Socket<{ hello: (name: string) => void }> = sockjet.io('http://localhost:3000');
socket.on('hello', (name) => console.log(name.trim()));
const ws = new websocket.WebSocket('ws://localhost:3000/');
ws.onopen = () => ws.send('hi');
new server.Engine().on('connection', (conn) => conn.send('hi'));
