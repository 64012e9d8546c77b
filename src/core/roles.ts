import type { Ctx } from "./context";
import { DomainError, forbidden } from "./errors";
import type { Member, Role } from "./ports";

const MANAGERS: readonly Role[] = ["facilitator", "admin"];

/** Facilitators and admins manage a network; a workspace admin always may. */
export function canManage(ctx: Ctx, member: Member | undefined): boolean {
  return ctx.actor.isWorkspaceAdmin || (member !== undefined && MANAGERS.includes(member.role));
}

export function requireManager(ctx: Ctx, member: Member | undefined, what: string): void {
  if (!canManage(ctx, member)) throw forbidden(what);
}

export function requireRole(ctx: Ctx, member: Member | undefined, roles: readonly Role[], what: string): void {
  if (ctx.actor.isWorkspaceAdmin) return;
  if (!member || !roles.includes(member.role))
    throw new DomainError("forbidden", `Only ${roles.map(roleLabel).join(" or ")} can ${what}.`);
}

export function roleLabel(role: Role): string {
  switch (role) {
    case "facilitator":
      return "facilitators";
    case "hub_expert":
      return "hub experts";
    case "member":
      return "members";
    case "admin":
      return "admins";
    case "it":
      return "IT staff";
  }
}
