import { runDoctor } from "./doctor/run-doctor.js";
import { applyDotEnv } from "./startup/apply-dot-env.js";

// The same environment the app starts with: the shell's variables, then .env as Probot applies it.
applyDotEnv();
process.exitCode = await runDoctor(process.env, (line) => console.log(line));
