// One port that speaks both plain HTTP and HTTPS, as the story's backend does on :3001 (plain on
// localhost before the fix, TLS on local.junlog.dev after): the first byte of a connection tells a
// TLS handshake (0x16) from an HTTP request line.

import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { Server, Socket } from 'node:net';

const TLS_HANDSHAKE_RECORD = 0x16;

export function createDualProtocolServer(
  tls: { readonly cert: string; readonly key: string },
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Server {
  const plain = createHttpServer(handler);
  const secure = createHttpsServer({ cert: tls.cert, key: tls.key }, handler);
  const server = createNetServer((socket: Socket) => {
    // Peek with read(1) + unshift in paused mode: a 'data' listener followed by resume() lost the TLS
    // ClientHello (the TLS socket reads buffered data on the next tick, after resume had flushed it to no
    // listener), so HTTPS connections hung while plain HTTP worked.
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) {
        socket.destroy();
        return;
      }
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE_RECORD ? secure : plain).emit('connection', socket);
    });
  });
  server.on('close', () => {
    plain.close();
    secure.close();
    plain.closeAllConnections();
    secure.closeAllConnections();
  });
  return server;
}
