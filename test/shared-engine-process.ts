// The test files of test/suite.ts's `sharedEngineProcess`, in one process and on one engine. Each can still be run
// alone (`node --require ./load.js --test test/<file>.test.ts`).
import { createRequire } from "node:module";
import { sharedEngineProcess } from "./suite";

const load = createRequire(__filename);
for (const file of sharedEngineProcess) load(`./${file}`);
