/** A `tcp://` or `ssh://` DOCKER_HOST in its parts, as written (config.ts checks each part). */
export interface RemoteDockerHost {
  scheme: "tcp" | "ssh";
  user?: string;
  host: string;
  port?: string;
}

const REMOTE = /^(tcp|ssh):\/\/(?:([^@/?#:]+)@)?([^@/?#:]+)(?::(\d{1,5}))?$/;

/** The parts of a `tcp://host:port` or `ssh://[user@]host[:port]` address; undefined for any other form. */
export function remoteDockerHost(value: string): RemoteDockerHost | undefined {
  const match = REMOTE.exec(value);
  if (!match) return undefined;
  const [, scheme, user, host = "", port] = match;
  return {
    scheme: scheme as RemoteDockerHost["scheme"],
    host,
    ...(user !== undefined ? { user } : {}),
    ...(port !== undefined ? { port } : {}),
  };
}
