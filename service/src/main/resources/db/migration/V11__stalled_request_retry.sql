-- What an admin's retry needs to give a refused step back to the engine on the embedded engine and a real cluster
-- alike: the element instance the refused job belongs to (terminated, which resolves its incident) and its element id
-- (activated again, which creates a fresh job). The incident key itself is not available through the gRPC client.
-- expires_at: the approval deadline measured on the engine's clock, set once by the stall expiry sweep.
alter table stalled_request add column element_instance_key bigint;
alter table stalled_request add column element_id varchar(200);
alter table stalled_request add column expires_at timestamp with time zone;
