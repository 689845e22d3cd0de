// Reports `any` everywhere except as a type argument. A node spec takes its config as a function
// parameter (`ports`, `prepare`), and parameters are checked contravariantly, so a spec for a
// specific config is not assignable to `NodeSpec<unknown, unknown>`. A registry that contains every
// node type therefore uses `NodeSpec<any, any>`. `: any`, `as any` and `any[]` stay errors.
// NOTE: any type argument passes, so `Promise<any>` and `Record<string, any>` are not reported.
export const noAnyOutsideTypeArguments = {
  meta: {
    type: "problem",
    docs: { description: "Allow `any` only as a type argument, such as `NodeSpec<any, any>`" },
    schema: [],
    messages: {
      unexpectedAny: "`any` is allowed only as a type argument (as in `NodeSpec<any, any>`). Use `unknown` or a specific type.",
    },
  },
  create(context) {
    return {
      TSAnyKeyword(node) {
        if (node.parent?.type === "TSTypeParameterInstantiation") {
          return;
        }

        context.report({ node, messageId: "unexpectedAny" });
      },
    };
  },
};
