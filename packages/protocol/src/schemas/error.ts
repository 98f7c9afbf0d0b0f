import Type from "typebox";
import { errorCatalogue, type ErrorCode } from "../errors/error-catalogue.js";

export const ErrorCodeSchema = Type.Unsafe<ErrorCode>(
  Type.String({ enum: Object.keys(errorCatalogue) }),
);

export const ErrorEnvelopeSchema = Type.Object({
  statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
  code: ErrorCodeSchema,
  message: Type.String(),
});
