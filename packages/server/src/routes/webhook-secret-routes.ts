import type { HandoverWebhookSecret } from "@nexus-chat/protocol";
import {
  ErrorEnvelopeSchema,
  HandoverWebhookSecretSchema,
  IdSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";

const ExperienceParamsSchema = Type.Object({ id: IdSchema });
const schema = {
  params: ExperienceParamsSchema,
  response: { 200: HandoverWebhookSecretSchema, "4xx": ErrorEnvelopeSchema },
};

/**
 * The hand-over webhook's signing secret, for admins: `GET <base>/:id/handover-webhook-secret`
 * shows it (generating it the first time), `POST …/rotate` replaces it at once (deliveries signed
 * with the old one stop verifying). Registered by the admin API under `/admin/experiences` and by
 * the console under `/console/assistants` (inside the console's plugin, whose hook signs
 * operators in; its routes are for admins unless they say otherwise).
 */
export function registerWebhookSecretRoutes(
  app: FastifyInstance,
  context: AppContext,
  base: "/admin/experiences" | "/console/assistants",
): void {
  const config = base === "/admin/experiences" ? access.admin : {};
  app.get<{ Params: { id: string } }>(
    `${base}/:id/handover-webhook-secret`,
    { config, schema },
    async (request): Promise<HandoverWebhookSecret> => ({
      experienceId: request.params.id,
      secret: await context.conversations.webhookSecret(request.params.id),
    }),
  );
  app.post<{ Params: { id: string } }>(
    `${base}/:id/handover-webhook-secret/rotate`,
    { config, schema },
    async (request): Promise<HandoverWebhookSecret> => ({
      experienceId: request.params.id,
      secret: await context.conversations.rotateWebhookSecret(request.params.id),
    }),
  );
}
