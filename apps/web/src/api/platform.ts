import { apiRequest } from "./client.ts";
import type { ModuleInfo } from "./types.ts";

export const listModules = () => apiRequest<{ items: ModuleInfo[] }>("/api/v1/modules");
