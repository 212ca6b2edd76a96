/**
 * An Error with a stable `code` string that tests and users can match (STYLE: errors carry an `ERR_...` code).
 * @example throw error('buffer full', 'ERR_BUFFER_FULL');
 */
export const error = (message: string, code: string): Error & { code: string } =>
  Object.assign(new Error(message), { code });
