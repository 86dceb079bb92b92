import { mayRunCommand } from "../../github/may-run-command.js";
import { replyInThread } from "../../github/review-threads.js";
import { interpretLeadAnswer } from "../../review/answer/interpret-lead-answer.js";
import { utcDay } from "../../store/review-store.js";
import { pullRequestKey } from "../../triggers/review-job.js";
import { countUsage } from "../services/count-usage.js";
import { buildAnswerMessages } from "./build-answer-messages.js";
import { readQuestionMaterial } from "./read-question-material.js";
import { renderThreadAnswer } from "./render-thread-answer.js";
import { notPermitted, type ThreadCase, type ThreadRun } from "./thread-run.js";

type Outcome = "answered" | "not_permitted" | "limit" | "no_lead" | "failed";

/**
 * `/glm <question>` in one of the app's threads: one reply in that thread, written by the lead (never the
 * delegate), from the finding, the thread and the code around it. Gated like `/glm review`, bounded by
 * the lead's input cap and THREAD_ANSWERS_PER_PR a day, its cost counted as the lead's. The reply is kept
 * per delivery before it is posted, so a retry posts it without asking the model again.
 */
export async function answerQuestion(run: ThreadRun, { record, event }: ThreadCase<"question">): Promise<void> {
  const { services, log } = run;
  const kept = await services.store.delegateOutcome(run.deliveryId);
  const { outcome, reply } = kept !== undefined ? (JSON.parse(kept) as { outcome: Outcome; reply: string }) : await compose(run, { record, event });
  if (kept === undefined) await services.store.saveDelegateOutcome(run.deliveryId, JSON.stringify({ outcome, reply }));
  await replyInThread(run.octokit, run.ref, event.replyTo, reply);
  if (kept === undefined) services.metrics.threadAnswers.inc({ outcome });
  log.info({ outcome, fingerprint: record.fingerprint }, "thread question answered");
}

async function compose(run: ThreadRun, { record, event }: ThreadCase<"question">): Promise<{ outcome: Outcome; reply: string }> {
  const { services, log } = run;
  const { settings } = services;
  const asked = `@${event.login}`;
  if (!(await mayRunCommand(run.octokit, run.ref, event.login))) return { outcome: "not_permitted", reply: notPermitted(event.login, "/glm <question>") };
  const lead = settings.lead;
  if (!lead || !services.lead) return { outcome: "no_lead", reply: `${asked} questions are answered by the lead model, and this app has none configured (LEAD_MODEL).` };
  if (!(await services.store.takeThreadAnswer(pullRequestKey(run.ref), utcDay(services.now()), settings.threadAnswersPerPr))) {
    return { outcome: "limit", reply: `${asked} this pull request has had its ${settings.threadAnswersPerPr} answers for today (THREAD_ANSWERS_PER_PR); ask again after midnight UTC.` };
  }
  const material = await readQuestionMaterial(run, record, event.replyTo);
  const messages = buildAnswerMessages(record, material, { login: event.login, text: event.question }, lead.inputTokens);
  const chat = await services.lead.complete(messages);
  if (chat.kind === "not_served") services.metrics.modelNotServed.inc({ role: "lead" });
  const usage = chat.kind === "answered" ? chat.usage : null;
  const usd = usage ? countUsage(services, "lead", usage, lead.prices) : null;
  const result = interpretLeadAnswer(chat, lead.model);
  if (result.kind !== "ok") {
    log.warn({ reason: result.kind === "failed" ? result.reason : result.kind }, "the lead could not answer a thread question");
    return { outcome: "failed", reply: `${asked} the lead model could not answer this time: ${result.kind === "failed" ? result.reason : "it is off"}. Ask again later.` };
  }
  return { outcome: "answered", reply: renderThreadAnswer(result.text, { model: lead.model, usage, usd }) };
}
