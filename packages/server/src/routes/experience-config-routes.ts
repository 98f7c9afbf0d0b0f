import type { ExperiencePublicConfig } from "@nexus-chat/protocol";
import {
  ErrorEnvelopeSchema,
  ExperiencePublicConfigSchema,
  IdSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import { ApiError } from "../http/api-error.js";

/** `GET /experiences/:id/config`: the widget configuration stored with the experience. */
export async function experienceConfigRoutes(
  app: FastifyInstance,
  context: AppContext,
): Promise<void> {
  app.get<{ Params: { id: string } }>(
    "/experiences/:id/config",
    {
      onRequest: context.rateLimit("other"),
      config: access.experience(),
      schema: {
        params: Type.Object({ id: IdSchema }),
        response: { 200: ExperiencePublicConfigSchema, "4xx": ErrorEnvelopeSchema },
      },
    },
    async (request): Promise<ExperiencePublicConfig> => {
      const experience = await context.store.experiences.get(request.params.id);
      if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND");
      await context.access.authorize(request, { experience });
      return { experienceId: experience.id, name: experience.name, widget: experience.widget };
    },
  );
}
