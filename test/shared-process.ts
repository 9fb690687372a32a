// The test files of test/suite.ts's `sharedProcess`, in one process. Each can still be run alone
// (`node --require ./load.js --test test/<file>.test.ts`).
import { createRequire } from "node:module";
import { sharedProcess } from "./suite";

const load = createRequire(__filename);
for (const file of sharedProcess) load(`./${file}`);
