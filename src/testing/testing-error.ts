export type TestingErrorCode =
  | 'ERR_TEST_SERVER_STOPPED'
  | 'ERR_UNKNOWN_TEST_SERVER'
  | 'ERR_UNKNOWN_SOCKET'
  | 'ERR_INVALID_ARG'
  | 'ERR_WAIT_TIMEOUT';

/**
 * A failure of the testing kit, with a stable `code` to match on. (Its own class rather than the client's error
 * helper, so that the kit shares no chunk with the client bundles.)
 * @example await waitFor(socket, 'chat').catch((err) => err.code === 'ERR_WAIT_TIMEOUT');
 */
export class TestingError extends Error {
  override readonly name = 'TestingError';
  constructor(
    readonly code: TestingErrorCode,
    message: string,
  ) {
    super(message);
  }
}
