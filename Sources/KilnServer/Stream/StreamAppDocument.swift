import Foundation
import KilnCore

/// The fields of Stream's app object that Kiln does not keep, each at its neutral value (off, empty,
/// zero): `getstream`'s `AppResponseFields` requires every one to parse the object.
enum StreamAppDocument {
    static let neutralFields: [String: JSONValue] = {
        // A constant, checked by StreamAPITests; it cannot fail to decode.
        guard case .object(let fields) = try! JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) else { return [:] }
        return fields
    }()

    static let json = #"""
    {
      "allow_multi_user_devices": false,
      "async_url_enrich_enabled": false,
      "auto_translation_enabled": false,
      "call_types": {},
      "campaign_enabled": false,
      "cdn_expiration_seconds": 0,
      "channel_configs": {},
      "custom_action_handler_url": "",
      "disable_auth_checks": false,
      "disable_permissions_checks": false,
      "enforce_unique_usernames": "",
      "event_hooks": [],
      "feed_audit_logs_enabled": false,
      "grants": {},
      "guest_user_creation_disabled": false,
      "id": 1,
      "image_moderation_enabled": false,
      "max_aggregated_activities_length": 0,
      "member_custom_on_mentioned_users_enabled": false,
      "member_custom_on_messages_enabled": false,
      "member_custom_on_typing_events_enabled": false,
      "moderation_audio_call_moderation_enabled": false,
      "moderation_enabled": false,
      "moderation_keyframe_video_enabled": false,
      "moderation_llm_configurability_enabled": false,
      "moderation_multitenant_blocklist_enabled": false,
      "moderation_video_call_moderation_enabled": false,
      "moderation_webhook_url": "",
      "multi_tenant_enabled": false,
      "name": "kiln",
      "organization": "",
      "permission_version": "",
      "placement": "",
      "policies": {},
      "push_notifications": {
        "apn": {
          "development": false,
          "enabled": false
        },
        "firebase": {
          "enabled": false
        },
        "huawei": {
          "enabled": false
        },
        "offline_only": false,
        "version": "",
        "xiaomi": {
          "enabled": false
        }
      },
      "reminders_interval": 0,
      "sns_key": "",
      "sns_secret": "",
      "sns_topic_arn": "",
      "sqs_key": "",
      "sqs_secret": "",
      "sqs_url": "",
      "suspended": false,
      "suspended_explanation": "",
      "use_hook_v2": false,
      "user_response_time_enabled": false,
      "user_search_disallowed_roles": [],
      "webhook_events": [],
      "webhook_url": ""
    }
    """#
}
