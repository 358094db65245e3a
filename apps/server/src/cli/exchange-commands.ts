import type { Command } from "./commands.ts";

// The platform loads only when a command runs, so `--help` answers at once.
const apiAccess = () => import("./api-access.ts");

type Verification = {
  ok: boolean;
  rows: number;
  checkpoints: number;
  firstBroken?: { seq: number; reason: string };
};

const verifyLog: Command = {
  name: "exchange verify-log",
  summary: "Kiểm tra nhật ký bằng chứng của trục LGSP / verify the LGSP evidence log",
  usage: `lienthong exchange verify-log [--json]

Kiểm tra toàn bộ chuỗi băm của nhật ký bằng chứng (mọi giao dịch qua trục) và mọi điểm kiểm tra
đã ký, gắn dấu thời gian; báo giao dịch đầu tiên bị sửa hoặc bị xóa.
Mã thoát 0 khi nhật ký nguyên vẹn, 1 khi bị phá vỡ.
Checks the whole evidence hash chain (every exchange through the LGSP) and every signed,
timestamped checkpoint; reports the first altered or deleted exchange. Exit 0 only when intact.`,
  options: { json: { type: "boolean" } },
  async run(values) {
    const { withApi, printProblem } = await apiAccess();
    return withApi(async (call) => {
      const response = await call("GET", "/api/v1/exchange/evidence/verify");
      if (response.status !== 200) return printProblem(response);
      const result = response.body as Verification;
      if (values.json) console.log(JSON.stringify(result));
      else if (result.ok)
        console.log(
          `Nhật ký bằng chứng nguyên vẹn / evidence log intact: ${result.rows} giao dịch / exchanges, ${result.checkpoints} điểm kiểm tra / checkpoints`,
        );
      else
        console.log(
          `Chuỗi bị phá vỡ tại giao dịch / chain broken at exchange ${result.firstBroken!.seq}: ${result.firstBroken!.reason}`,
        );
      return result.ok ? 0 : 1;
    });
  },
};

export const exchangeCommands: Command[] = [verifyLog];
