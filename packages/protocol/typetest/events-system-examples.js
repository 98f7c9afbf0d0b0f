// @ts-check
// Every code example of the events documentation (shared/reference/events-system.md), verbatim,
// each in a block of its own because several declare the same `widget`. The compiler checks them
// against WidgetEvents: a renamed event or payload field breaks `npm test`. The browser suite runs
// the complete example against the real widget.

// Listening to Events
{
  // Initialize widget
  const widget = window.NexusChatWidget.init({
    experienceId: "your-experience-id",
    apiUrl: "https://nexus-api.uat.knowbl.com/api/v2",
  });
  // Listen to specific event
  widget.on("messageComplete", (data) => {
    console.log("AI responded:", data.answer);
    console.log("Response time:", data.duration, "ms");
  });
}

// Complete Example
{
  const widget = window.NexusChatWidget.init({
    experienceId: "your-experience-id",
    apiUrl: "https://nexus-api.uat.knowbl.com/api/v2",
  });
  // UI Lifecycle Events
  widget.on("open", (data) => {
    console.log("Widget opened", data.sessionId);
  });
  widget.on("close", (data) => {
    console.log("Widget closed", data.sessionId);
  });
  widget.on("minimize", (data) => {
    console.log("Widget minimized from", data.previousMode);
  });
  widget.on("maximize", (data) => {
    console.log("Widget maximized from", data.previousMode);
  });
  // Session Events
  widget.on("sessionStart", (data) => {
    console.log("Session started:", data.sessionId);
  });
  widget.on("sessionClear", (data) => {
    console.log("Session cleared:", {
      sessionId: data.sessionId,
      messageCount: data.messageCount,
    });
  });
  widget.on("sessionEnd", (data) => {
    console.log("Session ended:", {
      sessionId: data.sessionId,
      duration: data.duration,
      messageCount: data.messageCount,
    });
  });
  // Message Events
  widget.on("messageStart", (data) => {
    console.log("User message:", data.message);
  });
  widget.on("messageComplete", (data) => {
    console.log("AI response:", {
      answer: data.answer,
      queryId: data.queryId,
      duration: data.duration,
    });
  });
  // Interaction Events
  widget.on("typing", (data) => {
    console.log("User typing...", data.length, "characters");
  });
  widget.on("typingStop", () => {
    console.log("User stopped typing");
  });
  widget.on("feedback", (data) => {
    console.log("User feedback:", data.rating, "for message", data.messageId);
    if (data.comment) {
      console.log("Comment:", data.comment);
    }
  });
  widget.on("copy", (data) => {
    console.log("User copied message:", data.messageId);
  });
  widget.on("customAction", (data) => {
    console.log("Custom action triggered:", {
      eventName: data.eventName,
      actionId: data.actionId,
      eventData: data.eventData,
    });
    // Handle specific custom actions
    if (data.eventName === "show_animation") {
      // Trigger your custom animation
      console.log("Showing animation...");
    }
  });
  widget.on("handover", (data) => {
    console.log("Agent handover requested:", {
      sessionId: data.sessionId,
      reason: data.reason,
      priority: data.priority,
      metadata: data.metadata,
    });
    // Trigger your handover process (e.g., open live chat, notify agents)
    if (data.priority === "high") {
      console.log("High priority handover - notifying agents immediately");
    }
  });
  widget.on("linkClick", (data) => {
    console.log("Link clicked:", {
      href: data.href,
      text: data.text,
      protocol: data.protocol,
      params: data.params,
    });
    // Handle custom protocol links (e.g., tour:, action:)
    if (data.protocol === "tour:") {
      const tourId = data.params.id || data.params.value;
      console.log("Guided tour requested:", tourId);
    }
  });
  // Voice Events
  widget.on("voiceStart", (data) => {
    console.log("Voice input started, language:", data.language);
  });
  widget.on("voiceEnd", (data) => {
    console.log("Voice input ended:", {
      transcript: data.transcript,
      duration: data.duration,
    });
  });
  // TTS Events
  widget.on("ttsStart", (data) => {
    console.log("TTS started for message:", data.messageId);
  });
  widget.on("ttsEnd", (data) => {
    console.log("TTS ended, duration:", data.duration);
  });
  // Error Handling
  widget.on("error", (error) => {
    console.error("Widget error:", {
      type: error.type,
      message: error.message,
      details: error.details,
    });
  });

  // Analytics Integration: Google Analytics
  widget.on("sessionStart", (data) => {
    gtag("event", "chat_session_start", {
      session_id: data.sessionId,
    });
  });
  widget.on("messageComplete", (data) => {
    gtag("event", "chat_message_complete", {
      session_id: data.sessionId,
      response_time: data.duration,
      answer_length: data.answer.length,
    });
  });
  widget.on("feedback", (data) => {
    gtag("event", "chat_feedback", {
      session_id: data.sessionId,
      rating: data.rating,
      message_id: data.messageId,
    });
  });
  widget.on("error", (error) => {
    gtag("event", "chat_error", {
      error_type: error.type,
      error_message: error.message,
    });
  });

  // Analytics Integration: Mixpanel
  widget.on("sessionStart", (data) => {
    mixpanel.track("Chat Session Started", {
      session_id: data.sessionId,
      timestamp: data.timestamp,
    });
  });
  widget.on("messageComplete", (data) => {
    mixpanel.track("Chat Message Completed", {
      session_id: data.sessionId,
      response_time: data.duration,
      query_id: data.queryId,
    });
  });
  widget.on("feedback", (data) => {
    mixpanel.track("Chat Feedback", {
      rating: data.rating,
      message_id: data.messageId,
      has_comment: !!data.comment,
    });
  });

  // Analytics Integration: Segment
  widget.on("sessionStart", (data) => {
    analytics.track("Chat Session Started", {
      sessionId: data.sessionId,
    });
  });
  widget.on("messageComplete", (data) => {
    analytics.track("Chat Message Completed", {
      sessionId: data.sessionId,
      responseTime: data.duration,
      queryId: data.queryId,
    });
  });
}

// Use Cases: Custom UI Updates
{
  const widget = window.NexusChatWidget.init({
    experienceId: "your-experience-id",
    apiUrl: "https://api.example.com",
  });
  const statusIndicator = document.getElementById("chat-status");
  widget.on("open", () => {
    statusIndicator.textContent = "Chat Open";
    statusIndicator.className = "status-active";
  });
  widget.on("close", () => {
    statusIndicator.textContent = "Chat Closed";
    statusIndicator.className = "status-inactive";
  });
  widget.on("messageStart", () => {
    statusIndicator.textContent = "Processing...";
  });
  widget.on("messageComplete", () => {
    statusIndicator.textContent = "Ready";
  });
}

// Use Cases: Session Recording
{
  const widget = window.NexusChatWidget.init({
    experienceId: "your-experience-id",
    apiUrl: "https://api.example.com",
  });
  const sessionData = {
    events: [],
    startTime: null,
    endTime: null,
  };
  widget.on("sessionStart", (data) => {
    sessionData.startTime = data.timestamp;
    sessionData.events = [];
  });
  widget.on("messageStart", (data) => {
    sessionData.events.push({
      type: "userMessage",
      content: data.message,
      timestamp: data.timestamp,
    });
  });
  widget.on("messageComplete", (data) => {
    sessionData.events.push({
      type: "assistantMessage",
      content: data.answer,
      timestamp: new Date(),
      duration: data.duration,
    });
  });
  widget.on("sessionEnd", (data) => {
    sessionData.endTime = data.timestamp;
    // Send to your backend for storage
    fetch("/api/chat-sessions", {
      method: "POST",
      body: JSON.stringify(sessionData),
    });
  });
}

// Agent Handover Integration
{
  const widget = window.NexusChatWidget.init({
    experienceId: "your-experience-id",
    apiUrl: "https://api.example.com",
    messages: {
      welcomeMessage: "👋 Hello! Need help?",
      welcomeMessageDisplay: "bubble",
      welcomeActions: {
        actions: [
          {
            id: "talk-to-agent",
            label: "Talk to Agent",
            action: {
              type: "trigger_handover",
              payload: {
                reason: "user_requested",
                priority: "normal",
                metadata: { source: "welcome_message" },
              },
            },
          },
        ],
      },
    },
  });
  // Listen for handover requests
  widget.on("handover", async (data) => {
    console.log("Handover requested:", data);
    // Show loading state
    showHandoverNotification("Connecting you to an agent...");
    try {
      // Integrate with your live chat system
      // Example: Intercom, Zendesk, custom live chat
      const agent = await connectToLiveChat({
        sessionId: data.sessionId,
        reason: data.reason,
        priority: data.priority,
        metadata: data.metadata,
      });
      // Update UI
      showHandoverNotification(`Connected to ${agent.name}`);
      // Optional: Hide or disable the widget
      if (data.priority === "high") {
        widget.close();
        openLiveChatWindow(agent);
      }
    } catch (error) {
      console.error("Handover failed:", error);
      showHandoverNotification("Unable to connect. Please try again.");
    }
  });
  async function connectToLiveChat(handoverData) {
    // Your integration logic here
    // Example: Create Intercom conversation
    // Example: Open Zendesk chat
    // Example: Connect to custom live chat API
    const response = await fetch("https://your-api.com/handover", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(handoverData),
    });
    return response.json();
  }
  function showHandoverNotification(message) {
    // Show notification to user
    console.log(message);
  }
  function openLiveChatWindow(agent) {
    // Open your live chat interface
    console.log("Opening live chat with:", agent);
  }
}

// Link Click Integration
{
  const widget = window.NexusChatWidget.init({
    experienceId: "your-experience-id",
    apiUrl: "https://api.example.com",
  });
  // Handle link clicks in AI responses
  widget.on("linkClick", (data) => {
    console.log("Link clicked:", {
      href: data.href,
      text: data.text,
      protocol: data.protocol,
      params: data.params,
      sessionId: data.sessionId,
    });
    // Handle guided tour links
    if (data.protocol === "tour:") {
      const tourId = data.params.id || data.params.value;
      startGuidedTour(tourId);
      return;
    }
    // Handle custom action links
    if (data.protocol === "action:") {
      const actionType = data.params.type || data.params.value;
      handleCustomAction(actionType, data.params);
      return;
    }
    // Handle product links
    if (data.protocol === "product:") {
      const productId = data.params.id || data.params.value;
      openProductModal(productId);
      return;
    }
    // Track standard link clicks for analytics
    if (data.protocol === "https:" || data.protocol === "http:") {
      trackLinkClick(data.href, data.text);
    }
  });
  function handleCustomAction(actionType, params) {
    switch (actionType) {
      case "schedule":
        openSchedulingModal(params);
        break;
      case "download":
        initiateDownload(params.fileId);
        break;
      case "feedback":
        openFeedbackForm(params.topic);
        break;
      default:
        console.log("Unknown action:", actionType);
    }
  }
  function trackLinkClick(href, text) {
    // Send to analytics
    if (typeof gtag !== "undefined") {
      gtag("event", "link_click", {
        link_url: href,
        link_text: text,
        event_category: "chat_interaction",
      });
    }
  }
}

// Alternative: Custom Protocol Handlers
{
  const widget = window.NexusChatWidget.init({
    experienceId: "your-experience-id",
    apiUrl: "https://api.example.com",
    advanced: {
      customProtocolHandlers: {
        "walkme:": (params) => {
          if (params.flowId && window.WalkMeAPI) {
            window.WalkMeAPI.startFlowById(parseInt(params.flowId));
          }
        },
        "tour:": (params) => startGuidedTour(params.id || params.value),
        "product:": (params) => openProductModal(params.id),
      },
    },
  });
}

// Performance Monitoring
{
  const widget = window.NexusChatWidget.init({
    experienceId: "your-experience-id",
    apiUrl: "https://api.example.com",
  });
  const metrics = {
    totalMessages: 0,
    totalResponseTime: 0,
    errors: 0,
  };
  widget.on("messageComplete", (data) => {
    metrics.totalMessages++;
    metrics.totalResponseTime += data.duration;
    const avgResponseTime = metrics.totalResponseTime / metrics.totalMessages;
    console.log("Average response time:", avgResponseTime, "ms");
  });
  widget.on("error", () => {
    metrics.errors++;
    console.log("Error rate:", (metrics.errors / metrics.totalMessages) * 100, "%");
  });
}

// Tracking Session Clears
{
  const widget = window.NexusChatWidget.init({
    experienceId: "your-experience-id",
    apiUrl: "https://api.example.com",
  });
  // Track when users explicitly clear conversations
  widget.on("sessionClear", (data) => {
    // Log to analytics
    analytics.track("Chat Cleared", {
      sessionId: data.sessionId,
      messageCount: data.messageCount,
      timestamp: data.timestamp,
    });
    // Optional: Show confirmation message
    console.log(`Cleared ${data.messageCount} messages`);
    // Optional: Save conversation before clearing
    if (data.messageCount > 0) {
      fetch("/api/save-conversation", {
        method: "POST",
        body: JSON.stringify({
          sessionId: data.sessionId,
          clearedAt: data.timestamp,
        }),
      });
    }
  });
}

// Error Tracking with Sentry
{
  const widget = window.NexusChatWidget.init({
    experienceId: "your-experience-id",
    apiUrl: "https://api.example.com",
  });
  widget.on("error", (error) => {
    Sentry.captureException(new Error(error.message), {
      tags: {
        component: "chat-widget",
        errorType: error.type,
      },
      extra: {
        sessionId: error.sessionId,
        details: error.details,
        stack: error.stack,
      },
    });
  });
}
