module.exports = async function globalTeardown() {
  const cluster = globalThis.__LEDGERLINE_PG__;
  if (cluster) await cluster.stop();
};
