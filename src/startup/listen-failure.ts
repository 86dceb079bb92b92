/** A server that cannot listen (port taken, no permission, bad HOST), in one line with the fix; null for anything else. */
export function listenFailure(error: unknown, env: NodeJS.ProcessEnv): string | null {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const port = env.PORT || "3000";
  const host = env.HOST || "localhost";
  switch (code) {
    case "EADDRINUSE":
      return `port ${port} is already in use on ${host}; stop the other process or set PORT to a free port`;
    case "EACCES":
      return `port ${port} needs privileges this user does not have; set PORT to 1024 or above`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return `HOST=${host} is not an address of this machine; set HOST to 0.0.0.0, 127.0.0.1 or one of its addresses`;
    default:
      return null;
  }
}
