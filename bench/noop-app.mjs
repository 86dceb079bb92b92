// The baseline for the load bench: a Probot app that receives the same webhooks and does nothing
// (plus /healthz, so the bench can tell when it is up; it is not on the webhook path).
export default (app, { addHandler }) => {
  app.on("pull_request", async () => {});
  addHandler((req, res) => {
    if (req.url !== "/healthz") return false;
    res.writeHead(200).end("ok");
    return true;
  });
};
