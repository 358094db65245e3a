export { LgspClient } from "./client.ts";
export { LgspProblem, type ProblemField } from "./problem.ts";
export { DEFAULT_RETRY, type RetryPolicy } from "./retry.ts";
export type {
  AckOptions,
  CallInit,
  CallJsonInit,
  ChannelAddress,
  LgspClientOptions,
  LgspMessage,
  PulledMessage,
  SendMessageOptions,
  SentMessage,
  ServiceAddress,
} from "./types.ts";
export * from "./evidence/index.ts";
