/**
 * The app's own traffic beside a groupctl run (issue 11): a second loopback client that
 * lists the app's groups (a call groupctl makes only to look for the groups of its creates;
 * the bench takes the requests counted here out of the emulator's count) at a steady rate against the same emulator app, and counts
 * how many of its requests the shared rate limit refused.
 */
export function startAppTraffic({ base, token = 'emulator-token', rps = 20 }) {
  let requests = 0;
  let refused = 0;
  let failed = 0;
  const inFlight = new Set();
  const send = () => {
    requests++;
    const call = fetch(`${base}/chatgroups?limit=10`, { headers: { authorization: `Bearer ${token}` } })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status === 429) refused++;
        else if (!res.ok) failed++;
      })
      .catch(() => failed++)
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  };
  // Evenly spaced, as many app clients together look to the server.
  const timer = setInterval(send, 1000 / rps);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      return { requests, refused, failed };
    },
  };
}
