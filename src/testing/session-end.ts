/** The slice of web-test-runner's page sockets (its `WebSocketsManager`) that `onSessionEnd` listens to. */
export interface PageSockets {
  on(event: 'message', listener: (e: { webSocket: PageSocket; data: PageMessage }) => void): unknown;
}
interface PageSocket {
  on(event: 'close', listener: () => void): unknown;
}
interface PageMessage {
  type: string;
  sessionId?: unknown;
}

/**
 * Calls `end(sessionId)` when a test file's session ends: its page says it finished, or the page goes away
 * (crash, timeout). web-test-runner tells plugins neither; its pages' messages carry both.
 */
export function onSessionEnd(webSockets: PageSockets | undefined, end: (session: string) => void): void {
  webSockets?.on('message', ({ webSocket, data }) => {
    if (typeof data.sessionId !== 'string') return;
    const session = data.sessionId;
    if (data.type === 'wtr-session-finished') end(session);
    else if (data.type === 'wtr-session-started') webSocket.on('close', () => end(session));
  });
}
