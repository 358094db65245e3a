import "reflect-metadata";

export { digestOf, type Signer, type SignatureAlgorithm } from "./signer.ts";
